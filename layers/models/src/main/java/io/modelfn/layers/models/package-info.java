/** Builds the models Lambda layer: chosen versions of models/, checked against their cards, in one zip. */
package io.modelfn.layers.models;
