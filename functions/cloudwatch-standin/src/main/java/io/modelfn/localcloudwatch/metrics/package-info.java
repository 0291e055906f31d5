/** Metrics as CloudWatch keeps them: samples per metric and dimension values, read from EMF records, and their statistics. */
package io.modelfn.localcloudwatch.metrics;
