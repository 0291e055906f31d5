/** The deployment settings (stage, endpoints and thresholds, sizes, GPU backends) and where they are read from. */
package io.modelfn.infra.config;
