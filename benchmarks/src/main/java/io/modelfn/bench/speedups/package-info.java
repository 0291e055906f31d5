/** What the opt-in speed-ups buy on the real prediction path: the result cache and micro-batching. */
package io.modelfn.bench.speedups;
