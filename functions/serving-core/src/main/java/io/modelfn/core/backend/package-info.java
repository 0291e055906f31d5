/**
 * Where an endpoint's models run: in this process ({@code lambda}), or on a remote backend (a
 * SageMaker endpoint or an HTTP service running the same container) that the prediction path
 * forwards to, with a deadline, after it has routed and validated the request.
 */
package io.modelfn.core.backend;
