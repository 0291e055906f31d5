/** Runs a built function.zip as Lambda does: execution environments, their Runtime API, the Invoke API. */
package io.modelfn.harness;
