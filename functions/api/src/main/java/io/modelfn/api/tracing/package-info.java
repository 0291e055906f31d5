/** Tracing in the HTTP application: the tracer its settings ask for, and the trace a request continues. */
package io.modelfn.api.tracing;
