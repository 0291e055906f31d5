/** {@code modelfn audit}: the change history of an endpoint or a model. */
package io.modelfn.cli.audit;
