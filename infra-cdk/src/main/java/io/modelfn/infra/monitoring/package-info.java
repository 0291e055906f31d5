/** Monitoring: metrics of the metrics contract, and the CloudWatch dashboard built from them. */
package io.modelfn.infra.monitoring;
