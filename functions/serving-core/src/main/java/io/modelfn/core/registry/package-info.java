/** The registry as the serving path sees it: endpoints, variants, versions, and the snapshot refreshed in the background. */
package io.modelfn.core.registry;
