/** The inference port: an engine that loads a model file into a session that answers. */
package io.modelfn.core.inference;
