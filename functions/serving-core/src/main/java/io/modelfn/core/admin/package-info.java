/** The admin side: registration with a validation gate, lifecycle, aliases, endpoints and weights, clean-up. */
package io.modelfn.core.admin;
