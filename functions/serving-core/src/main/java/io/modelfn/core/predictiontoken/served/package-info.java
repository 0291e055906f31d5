/** What a served prediction predicted, and the token that vouches for it. */
package io.modelfn.core.predictiontoken.served;
