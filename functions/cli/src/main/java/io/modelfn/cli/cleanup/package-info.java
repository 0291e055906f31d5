/** {@code modelfn cleanup}: delete old versions of a model beyond the newest few. */
package io.modelfn.cli.cleanup;
