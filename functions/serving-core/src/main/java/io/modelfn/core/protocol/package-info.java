/** Protocol plumbing shared by the codecs: strict bounded JSON, tensor data, body limits and their errors. */
package io.modelfn.core.protocol;
