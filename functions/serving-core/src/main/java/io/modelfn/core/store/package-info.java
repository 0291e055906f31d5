/** The model-store port: where artifacts are read from, and the rules on which locations may be read. */
package io.modelfn.core.store;
