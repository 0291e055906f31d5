/** The model registry on one DynamoDB table: its schema, the item mapping, the serving path's reader, the admin side's transactional writer and the seeder. */
package io.modelfn.registry.dynamodb;
