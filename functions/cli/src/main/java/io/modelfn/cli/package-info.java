/** The operator CLI {@code modelfn}: the root command, its wiring and the exit codes scripts rely on. */
package io.modelfn.cli;
