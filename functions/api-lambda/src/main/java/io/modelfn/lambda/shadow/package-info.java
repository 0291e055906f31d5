/** Shadow copies on Lambda: each one the event of an asynchronous invocation of this same function. */
package io.modelfn.lambda.shadow;
