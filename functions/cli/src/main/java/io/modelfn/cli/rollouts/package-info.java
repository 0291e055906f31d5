/** modelfn rollouts: start, show, pause, resume and abort gradual releases. */
package io.modelfn.cli.rollouts;
