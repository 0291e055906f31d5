/** The function-style JSON of the Funqy predict function: named nested arrays in and out. */
package io.modelfn.core.protocol.simple;
