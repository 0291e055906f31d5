/** {@code modelfn aliases}: point an alias at a version, or roll it back to the one before. */
package io.modelfn.cli.aliases;
