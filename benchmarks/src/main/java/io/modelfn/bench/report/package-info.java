/** Turns raw results (JMH JSON, load CSV) into the tables and PNG charts of docs/PERFORMANCE.md. */
package io.modelfn.bench.report;
