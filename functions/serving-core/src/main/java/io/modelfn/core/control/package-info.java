/**
 * What the control-plane features (admin, rollout, monitoring) share, so none of them depends on
 * another for it: the refusal of a request that breaks a rule.
 */
package io.modelfn.core.control;
