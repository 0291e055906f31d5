package io.modelfn.api.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How long the calls to each target (an endpoint, or one pinned version of it) take, as an
 * exponentially weighted moving average of the time a call holds its thread, and whether that is
 * small enough to run a call on the event loop that read its request, without a hand-off to a worker.
 *
 * <p>A target is small once {@value #WARM_CALLS} calls in a row ran warm (the model in this process,
 * already loaded) and the average is under the threshold. A call that was not warm (a model load, a
 * remote backend) or took longer than the threshold while failing makes the target unknown again, so its
 * next calls go to workers until {@value #WARM_CALLS} warm ones measured it afresh. One call counts at most
 * {@value #SAMPLE_CAP} times the threshold: a stall that is not the call's (its thread descheduled on a busy
 * machine, a GC pause) lasts milliseconds, and alone it would send the next dozen calls to workers, each
 * paying two thread hand-offs; a run of slow calls still moves the target (two or three in a
 * row, from a small average). Thread-safe; concurrent updates of one target
 * may lose a sample, never corrupt the average. At most {@value #MAX_TARGETS} targets are kept: past
 * that, new targets stay unknown (workers), so names invented by callers cannot grow the map.
 */
public final class CallTimes {

    static final int WARM_CALLS = 8;
    static final int MAX_TARGETS = 4096;
    /** How many times the threshold one call counts at most. */
    static final int SAMPLE_CAP = 4;
    /** The weight of a new sample: 1/8. */
    private static final int SHIFT = 3;

    private final long thresholdNanos;
    private final long capNanos;
    private final ConcurrentMap<String, Target> targets = new ConcurrentHashMap<>();

    /** @param thresholdNanos calls averaging less are small; 0 or less: none is */
    public CallTimes(long thresholdNanos) {
        this.thresholdNanos = thresholdNanos;
        this.capNanos = thresholdNanos > Long.MAX_VALUE / SAMPLE_CAP ? Long.MAX_VALUE : thresholdNanos * SAMPLE_CAP;
    }

    /** The key of a target: the endpoint, and the pinned version or alias when there is one. */
    public static String key(String name, String version) {
        return version == null ? name : name + '\u0000' + version;
    }

    /** Whether calls to {@code key} were measured small enough to run on the event loop. */
    public boolean small(String key) {
        if (thresholdNanos <= 0) {
            return false;
        }
        Target target = targets.get(key);
        return target != null && target.warmCalls >= WARM_CALLS && target.averageNanos < thresholdNanos;
    }

    /** A call to {@code key} that held its thread {@code nanos}; {@code warm} when it ran a loaded model in this process. */
    public void answered(String key, long nanos, boolean warm) {
        if (thresholdNanos <= 0) {
            return;
        }
        long sample = Math.min(nanos, capNanos);
        Target target = targets.get(key);
        if (target == null) {
            if (!warm || targets.size() >= MAX_TARGETS) {
                return;
            }
            target = targets.computeIfAbsent(key, k -> new Target(sample));
        }
        if (!warm) {
            // A load or a remote call says nothing of the model's own time: measure it afresh.
            targets.remove(key);
            return;
        }
        long average = target.averageNanos;
        target.averageNanos = average + ((sample - average) >> SHIFT);
        if (target.warmCalls < WARM_CALLS) {
            target.warmCalls++;
        }
    }

    /** A call to {@code key} that failed after {@code nanos}: a slow failure (a load timing out) makes it unknown. */
    public void failed(String key, long nanos) {
        if (nanos >= thresholdNanos) {
            targets.remove(key);
        }
    }

    /** The average of a target in nanoseconds, or -1 when it was never measured (for tests and tools). */
    public long averageNanos(String key) {
        Target target = targets.get(key);
        return target == null ? -1 : target.averageNanos;
    }

    private static final class Target {
        volatile long averageNanos;
        volatile int warmCalls;

        Target(long first) {
            this.averageNanos = first;
        }
    }
}
