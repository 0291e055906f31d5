/**
 * The prediction function's AWS calls without the SDK's client runtime: the SDK's own request and response
 * classes, marshalled from their field descriptions, signed with SigV4 and sent with the JDK's HTTP client.
 */
package io.modelfn.aws.lean;
