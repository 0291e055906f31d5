/** The stand-in's alarms served over HTTP in the protocol the AWS SDK for Java 2.40 speaks to CloudWatch (awsQuery). */
package io.modelfn.localcloudwatch.api;
