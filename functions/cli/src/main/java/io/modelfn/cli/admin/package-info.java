/** The admin HTTP API as the CLI sees it: one POST per function, authentication, artifact upload, typed failures. */
package io.modelfn.cli.admin;
