/** Traffic: which variant of an endpoint answers a request (sticky, monotone weights, shadow sampling). */
package io.modelfn.core.routing;
