package io.modelfn.core.alarms;

import java.util.Collection;
import java.util.List;

/**
 * Port: the alarms that exist, CloudWatch's in AWS and an in-memory map in tests. Implementations
 * are thread-safe; failures throw (the caller retries on its next run).
 */
public interface AlarmStore {

    /** Creates or overwrites each alarm (idempotent: a repeated put changes nothing, nor the alarm's state). */
    void put(Collection<AlarmDefinition> alarms);

    /** The names of the existing alarms whose names start with {@code namePrefix}. */
    List<String> names(String namePrefix);

    /** Deletes these alarms; names that do not exist are skipped. */
    void delete(Collection<String> names);
}
