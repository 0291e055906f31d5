/** Signed prediction tokens: proof that a prediction was served, and what it said, for ground-truth feedback. */
package io.modelfn.core.predictiontoken;
