/**
 * The {@link io.modelfn.core.tracing.Tracer} that writes X-Ray segment documents to the X-Ray daemon
 * over UDP (the daemon Lambda runs beside a function with active tracing, or one beside a container):
 * plain JDK, no tracing library to load at start.
 */
package io.modelfn.core.tracing.xray;
