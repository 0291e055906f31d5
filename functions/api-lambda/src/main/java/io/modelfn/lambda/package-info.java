/** Lambda-specific pieces of the HTTP application: the IAM caller of admin calls. */
package io.modelfn.lambda;
