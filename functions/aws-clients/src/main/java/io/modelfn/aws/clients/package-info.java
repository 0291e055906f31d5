/** One factory for the functions' AWS SDK clients, with the timeouts and retries of each use. */
package io.modelfn.aws.clients;
