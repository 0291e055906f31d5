/** Measurements of modelfn's serving path: what each table of docs/PERFORMANCE.md comes from. */
package io.modelfn.bench;
