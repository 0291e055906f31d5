/** Model quality in production: ground-truth feedback, A/B statistics, input drift. */
package io.modelfn.core.monitoring;
