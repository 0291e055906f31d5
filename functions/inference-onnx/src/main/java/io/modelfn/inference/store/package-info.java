/** The model stores: where model artifacts are read from (S3, a local folder) and which locations are refused. */
package io.modelfn.inference.store;
