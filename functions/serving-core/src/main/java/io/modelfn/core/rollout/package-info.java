/** Progressive delivery: rollout plans, their scheduled steps, and automatic rollback on alarms. */
package io.modelfn.core.rollout;
