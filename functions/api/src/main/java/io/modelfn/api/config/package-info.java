/** Configuration of the HTTP application. */
package io.modelfn.api.config;
