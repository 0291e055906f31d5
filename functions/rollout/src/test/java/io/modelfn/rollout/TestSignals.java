package io.modelfn.rollout;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.monitoring.FeatureCounts;
import io.modelfn.core.alarms.AlarmDefinition;
import io.modelfn.core.alarms.AlarmStore;
import io.modelfn.core.rollout.CanarySignals;
import io.modelfn.core.rollout.FunctionAliases;
import io.modelfn.core.testkit.InMemoryAlarmStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canary signals, feature bin counts (none), alarms (in memory) and function aliases the tests set
 * and read, instead of CloudWatch and Lambda.
 */
@Singleton
@Alternative
@Priority(1)
public class TestSignals implements CanarySignals, FunctionAliases, FeatureCounts, AlarmStore {

    volatile long requests = 1000;
    volatile List<String> firing = List.of();
    final List<String> resets = new ArrayList<>();
    final InMemoryAlarmStore alarms = new InMemoryAlarmStore();

    @Override
    public void put(Collection<AlarmDefinition> definitions) {
        alarms.put(definitions);
    }

    @Override
    public List<String> names(String namePrefix) {
        return alarms.names(namePrefix);
    }

    @Override
    public void delete(Collection<String> names) {
        alarms.delete(names);
    }

    @Override
    public long canaryRequests(String endpoint, Instant from, Instant to) {
        return requests;
    }

    @Override
    public List<String> alarmsFiring(String endpoint) {
        return firing;
    }

    @Override
    public Map<String, long[]> binCounts(ModelKey version, List<ModelCard.FeatureStats> features, Instant from, Instant to) {
        Map<String, long[]> none = new LinkedHashMap<>();
        features.forEach(f -> none.put(f.name(), new long[f.binEdges().length + 1]));
        return none;
    }

    @Override
    public synchronized boolean resetWeights(String functionName, String alias) {
        resets.add(functionName + ":" + alias);
        return true;
    }
}
