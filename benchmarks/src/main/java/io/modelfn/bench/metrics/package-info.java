/** One request's metrics record, written by modelfn's EMF writer and by Powertools for AWS Lambda's metrics module. */
package io.modelfn.bench.metrics;
