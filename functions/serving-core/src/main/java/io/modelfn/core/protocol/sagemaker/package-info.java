/** The SageMaker inference container contract: JSON instances/inputs and CSV in, predictions out. */
package io.modelfn.core.protocol.sagemaker;
