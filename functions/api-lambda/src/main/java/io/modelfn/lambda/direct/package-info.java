/** The inference protocol's infer served straight from API Gateway's event, beside Quarkus's HTTP bridge. */
package io.modelfn.lambda.direct;
