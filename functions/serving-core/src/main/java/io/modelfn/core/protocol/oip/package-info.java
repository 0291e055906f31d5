/** The Open Inference Protocol v2 (KServe / Triton REST) codec. */
package io.modelfn.core.protocol.oip;
