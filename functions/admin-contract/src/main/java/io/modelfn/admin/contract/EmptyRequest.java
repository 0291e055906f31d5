package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of a function that takes no arguments ({@code admin/models}, {@code admin/endpoints}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmptyRequest() {
}
