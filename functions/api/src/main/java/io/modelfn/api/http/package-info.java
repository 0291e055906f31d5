/** The HTTP pipeline every request shares: request ids, the one error mapping, metrics records. */
package io.modelfn.api.http;
