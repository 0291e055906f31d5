package io.modelfn.core.registry.write;

import java.time.Instant;

/**
 * One change of the registry: who, when, what, from what to what, and why. Written in the same
 * transaction as the change itself, so the trail never misses or invents a change.
 *
 * @param subject {@code endpoint:<name>} or {@code model:<name>}
 * @param id unique per event; events of the same millisecond sort by it ({@link AuditEventIds} keeps that
 *     the order they were made in, within a process)
 * @param action what the mutation did: {@link #CREATE_VERSION}, {@link #TRANSITION}, {@link #SET_ALIAS},
 *     {@link #PUT_ENDPOINT} or {@link #DELETE_VERSION}
 * @param from the state before, as {@link AuditJson} ({@code null} for creations)
 * @param to the state after, as {@link AuditJson} ({@code null} for deletions)
 * @param reason the {@link Change}'s reason, empty when none was given
 * @param requestId the {@link Change}'s request id, or null
 */
public record AuditEvent(String id, Instant at, String subject, String action, String actor, String from, String to,
        String reason, String requestId) {

    public static final String CREATE_VERSION = "create-version";
    public static final String TRANSITION = "transition";
    public static final String SET_ALIAS = "set-alias";
    public static final String PUT_ENDPOINT = "put-endpoint";
    public static final String DELETE_VERSION = "delete-version";

    public static String endpointSubject(String endpoint) {
        return "endpoint:" + endpoint;
    }

    public static String modelSubject(String model) {
        return "model:" + model;
    }
}
