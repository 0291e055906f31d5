/** {@code modelfn versions}: describe, compare, register (upload included), validate, promote, transition, archive. */
package io.modelfn.cli.versions;
