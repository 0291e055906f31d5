/** The metrics contract (names, units, dimension sets), the embedded-metric-format writer and its per-interval aggregation. */
package io.modelfn.core.metrics;
