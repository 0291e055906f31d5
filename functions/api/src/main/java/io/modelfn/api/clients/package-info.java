/** The AWS SDK clients: built from configuration, injected, and replaceable after a SnapStart restore. */
package io.modelfn.api.clients;
