/** The GPU alternatives to Lambda for heavy models: a SageMaker endpoint and an ECS service on GPU instances, both off by default. */
package io.modelfn.infra.gpu;
