/** {@code modelfn endpoints}: endpoints, their weighted variants and shadow, and the traffic-weight syntax. */
package io.modelfn.cli.endpoints;
