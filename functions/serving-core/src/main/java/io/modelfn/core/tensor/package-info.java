/** Tensors: named, typed, shaped primitive arrays, the currency of every protocol and engine. */
package io.modelfn.core.tensor;
