/** The inference protocol's codec alone: JSON tensors against Triton's binary tensor data (JMH). */
package io.modelfn.bench.codec;
