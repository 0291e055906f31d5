package io.modelfn.local;

import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The local runner's alarms: the definitions the rollout function puts before a release's canary
 * takes traffic, kept in this process, so a local rollout arms as one in AWS does (the schedule
 * event at {@code POST /local/events} runs the step). Nothing evaluates them here: alarms still arrive
 * as events. Thread-safe.
 */
final class LocalAlarms implements AlarmStore {

    private final Map<String, AlarmDefinition> alarms = new ConcurrentSkipListMap<>();

    @Override
    public void put(Collection<AlarmDefinition> definitions) {
        definitions.forEach(d -> alarms.put(d.name(), d));
    }

    @Override
    public List<String> names(String namePrefix) {
        return alarms.keySet().stream().filter(name -> name.startsWith(namePrefix)).toList();
    }

    @Override
    public void delete(Collection<String> names) {
        names.forEach(alarms::remove);
    }
}
