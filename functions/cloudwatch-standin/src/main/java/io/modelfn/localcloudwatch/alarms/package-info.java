/** Metric alarms as CloudWatch evaluates them: definitions (from templates or the API), metric math, M of N, missing data, actions. */
package io.modelfn.localcloudwatch.alarms;
