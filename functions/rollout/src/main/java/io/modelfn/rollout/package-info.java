/** The rollout function: alarm events roll canaries back, the schedule advances rollouts. */
package io.modelfn.rollout;
