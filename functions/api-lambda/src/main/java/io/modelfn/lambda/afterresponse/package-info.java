/**
 * Work that runs after an invocation's response is posted and before its environment may be frozen: an
 * internal Lambda extension holds the environment until the work handed to it is done.
 */
package io.modelfn.lambda.afterresponse;
