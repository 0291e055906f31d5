/** CloudWatch alarms as plain definitions, rendered alike by the CDK app and by the runtime, and the port that keeps them. */
package io.modelfn.core.alarms;
