/** Shadow copies of served requests: what a copy holds, the port that hands it on, and its event form. */
package io.modelfn.core.shadow;
