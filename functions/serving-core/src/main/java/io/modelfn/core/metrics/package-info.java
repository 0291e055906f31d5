/** The metrics contract (names, units, dimension sets) and the embedded-metric-format writer. */
package io.modelfn.core.metrics;
