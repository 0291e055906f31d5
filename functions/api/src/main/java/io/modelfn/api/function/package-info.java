/** Funqy functions: predict for simple JSON clients. */
package io.modelfn.api.function;
