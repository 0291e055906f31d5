/** The warm model cache: one verified load per version, kept in memory within a budget. */
package io.modelfn.core.cache;
