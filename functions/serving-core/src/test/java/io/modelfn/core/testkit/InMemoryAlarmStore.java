package io.modelfn.core.testkit;

import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The alarm store in memory, with a switch that makes every call fail as CloudWatch might. Thread-safe. */
public final class InMemoryAlarmStore implements AlarmStore {

    private final Map<String, AlarmDefinition> alarms = new ConcurrentSkipListMap<>();
    private volatile boolean failing;

    /** From now on every call throws (true) or works (false). */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    public Optional<AlarmDefinition> alarm(String name) {
        return Optional.ofNullable(alarms.get(name));
    }

    @Override
    public void put(Collection<AlarmDefinition> definitions) {
        check();
        definitions.forEach(d -> alarms.put(d.name(), d));
    }

    @Override
    public List<String> names(String namePrefix) {
        check();
        return alarms.keySet().stream().filter(n -> n.startsWith(namePrefix)).toList();
    }

    @Override
    public void delete(Collection<String> names) {
        check();
        names.forEach(alarms::remove);
    }

    private void check() {
        if (failing) {
            throw new IllegalStateException("alarm store unavailable");
        }
    }
}
