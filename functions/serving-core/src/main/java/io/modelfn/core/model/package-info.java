/** Models and their versions as the registry knows them: cards, signatures, element types, semantic versions. */
package io.modelfn.core.model;
