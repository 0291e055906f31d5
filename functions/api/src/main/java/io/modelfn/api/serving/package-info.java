/** CDI wiring of the serving path and its start-up. */
package io.modelfn.api.serving;
