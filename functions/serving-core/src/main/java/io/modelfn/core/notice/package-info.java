/** Telling people what the guard loop did: one notice per rollback, published to the stage's topic. */
package io.modelfn.core.notice;
