/** The registry's admin side: versions, aliases and endpoints written with conditional transactions and an audit trail. */
package io.modelfn.core.registry.write;
