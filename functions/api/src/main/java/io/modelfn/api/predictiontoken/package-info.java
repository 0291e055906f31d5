/** Prediction tokens in the HTTP application: where their keys come from, and the header answers carry them in. */
package io.modelfn.api.predictiontoken;
