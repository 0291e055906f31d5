/**
 * Clients of remote backends: {@code http:<url>} (the api container behind a load balancer, spoken
 * to in the Open Inference Protocol) and {@code sagemaker:<endpoint>} ({@code InvokeEndpoint} with
 * the same body, the protocol named in the custom attributes). Both keep a deadline and turn the
 * backend's answers into the exceptions the error mapping knows.
 */
package io.modelfn.api.backend;
