/** Model rollouts: the canary alarms that roll back, the schedule that steps forward, and what the rollout function may touch. */
package io.modelfn.infra.rollout;
