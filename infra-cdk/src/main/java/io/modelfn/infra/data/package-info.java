/** The data the functions share: the model bucket and the registry table, and least-privilege grants on them. */
package io.modelfn.infra.data;
