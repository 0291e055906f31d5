/** Quality monitoring on the HTTP application: feedback, A/B comparisons, drift reports. */
package io.modelfn.api.monitoring;
