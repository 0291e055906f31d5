/** The registry's last-known-good copy as one versioned JSON object in the model bucket: written after every change, read at start when the table is unavailable. */
package io.modelfn.registry.snapshot;
