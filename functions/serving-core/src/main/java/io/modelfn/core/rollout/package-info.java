/** Progressive delivery: operators' rollout commands, the scheduled step, and automatic rollback on alarms. */
package io.modelfn.core.rollout;
