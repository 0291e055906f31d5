/** The model registry on one DynamoDB table: its schema, the item mapping, the serving path's reader and the seeder. */
package io.modelfn.registry.dynamodb;
