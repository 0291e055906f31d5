/** The Lambda entry point: shadow events to the comparison, every other event to the HTTP application. */
package io.modelfn.lambda.handler;
