/**
 * Tracing as the prediction path sees it: a request's span and its children, and the W3C / X-Ray trace
 * context that joins them to the caller's trace and to a remote backend's; no tracing library.
 */
package io.modelfn.core.tracing;
