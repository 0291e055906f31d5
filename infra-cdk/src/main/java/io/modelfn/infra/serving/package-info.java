/** Serving: the functions from the built zips, the HTTP API in front of them, and their safe code deployments. */
package io.modelfn.infra.serving;
