/** {@code modelfn models}: the registered models and their versions and aliases. */
package io.modelfn.cli.models;
