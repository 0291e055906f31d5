/** The Open Inference Protocol v2 REST resource. */
package io.modelfn.api.oip;
