/** The prediction path: resolve, validate, infer; independent of protocols and runtimes. */
package io.modelfn.core.prediction;
