/**
 * Dynamic micro-batching: concurrent requests to the same model version joined into one inference
 * call along the batch axis, and the answers split back (container mode).
 */
package io.modelfn.core.batching;
