/** Test kit: a stub admin server that records requests, and a way to run the CLI in-process. */
package io.modelfn.cli.testing;
