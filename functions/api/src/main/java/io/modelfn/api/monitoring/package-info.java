/** Quality monitoring on the HTTP application: feedback and A/B comparisons. */
package io.modelfn.api.monitoring;
