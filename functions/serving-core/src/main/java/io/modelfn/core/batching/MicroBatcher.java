package io.modelfn.core.batching;

import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic micro-batching of concurrent requests to one model version: requests that arrive while a
 * batch of that version runs are joined along the batch axis into the next inference call, and each
 * gets its own rows of the answer. One request per version leads: it optionally waits up to
 * {@code maxDelay} for company, takes what is queued (up to {@code maxBatchRows} rows), runs it, hands
 * the answers out, and passes the lead to the next queued request. No thread of its own: callers'
 * threads do the work, so an idle model costs nothing and a lone request waits no longer than
 * {@code maxDelay} (0: never; batches then form only under load, from requests that queued while the
 * previous batch ran).
 *
 * <p>Joining requests has a cost (a queue, a hand-over between threads, a copy of the inputs and
 * outputs) that only pays when one inference call costs much more than that: measured on a 2-core
 * machine with 16 callers (docs/PERFORMANCE.md), it gave a 26 MB MLP (about 1 ms a call) 1.6 to 2.5
 * times the throughput and cut that of an 8×8-pixel CNN (about 10 µs a call) by a fifth to a third. So with a {@code minCallTime}, some requests to
 * each version run alone and are timed (probes: its first {@value #PROBES}, then one in
 * {@value #PROBE_EVERY}), and the version is batched only while the fastest of its last
 * {@value #PROBES} probes took at least {@code minCallTime}; otherwise its requests run alone, without
 * queueing. The fastest probe is the call's own cost (a slower one was held up by other threads or a
 * collection), and the probes go on, so first calls made slow by a cold JIT do not decide for good.
 * A {@code minCallTime} of zero batches every version.
 *
 * <p>Only versions whose every input and output has a dynamic first axis, and whose rows are
 * independent ({@link LoadedModel#rowsIndependent()}: not so for dynamically quantised models, whose
 * scale comes from the whole batch), are batched, and only
 * requests with the same input names, datatypes and shapes past the first axis share a batch; others
 * run alone. A batch that fails, or whose outputs cannot be split by rows, is run again one request
 * at a time, so one request's failure never becomes its neighbours'. Answers are the same as
 * unbatched ones (models whose rows are independent, which is what a batch axis means).
 *
 * <p>Thread-safe.
 */
public final class MicroBatcher {

    /**
     * @param maxBatchRows most rows in one inference call
     * @param maxDelay how long a leader waits for more requests before it runs (0: not at all)
     * @param minCallTime versions whose fastest timed call took less run each request alone (0: batch
     *     every version)
     */
    public record Settings(int maxBatchRows, Duration maxDelay, Duration minCallTime) {
        public Settings {
            if (maxBatchRows < 1 || maxDelay.isNegative() || minCallTime.isNegative()) {
                throw new IllegalArgumentException("a batch holds at least one row and waits zero or more time");
            }
        }

        /** Every batchable version is batched. */
        public Settings(int maxBatchRows, Duration maxDelay) {
            this(maxBatchRows, maxDelay, Duration.ZERO);
        }
    }

    /** How many timed calls of a version decide whether batching it pays (the last ones). */
    static final int PROBES = 16;
    /** After the first probes, one request in this many to a version runs alone as a probe. */
    static final int PROBE_EVERY = 256;

    private static final Object LEAD = new Object();

    private final Settings settings;
    private final Map<ModelKey, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong batchedRequests = new AtomicLong();

    public MicroBatcher(Settings settings) {
        this.settings = settings;
    }

    /** Inference calls made for more than one request. */
    public long batches() {
        return batches.get();
    }

    /** Requests answered from a shared inference call. */
    public long batchedRequests() {
        return batchedRequests.get();
    }

    /**
     * Whether requests to this version are joined: empty until its first calls were timed (always
     * present when every version is batched and the version was seen).
     */
    public Optional<Boolean> joinsRequestsFor(ModelKey version) {
        Lane lane = lanes.get(version);
        if (lane == null) {
            return Optional.empty();
        }
        return settings.minCallTime().isZero() ? Optional.of(true) : Optional.ofNullable(lane.worthBatching);
    }

    /**
     * Runs the inputs on the model, in a batch with concurrent requests when possible; blocks until the
     * answer is there. Inputs have been checked against the version's signature.
     */
    public Map<String, Tensor> infer(LoadedModel model, Map<String, Tensor> inputs, Collection<String> outputs) {
        long rows = Batches.rows(inputs);
        if (rows < 1 || rows >= settings.maxBatchRows() || !model.rowsIndependent()
                || !Batches.batchable(model.signature())) {
            return model.infer(inputs, outputs);
        }
        Lane lane = lanes.computeIfAbsent(model.key(), key -> new Lane());
        if (!settings.minCallTime().isZero()) {
            long n = lane.requests.getAndIncrement();
            if (n < PROBES || n % PROBE_EVERY == 0) {
                return lane.probe(model, inputs, outputs, settings.minCallTime());
            }
            Boolean worth = lane.worthBatching;
            if (worth == null || !worth) {
                return model.infer(inputs, outputs); // not known yet (the first probes still run), or not worth it
            }
        }
        Pending me = new Pending(inputs, rows, outputs);
        boolean lead;
        lane.lock.lock();
        try {
            lane.queue.add(me);
            lead = !lane.running;
            lane.running = true;
            lane.arrived.signalAll();
        } finally {
            lane.lock.unlock();
        }
        // Until its answer comes, a queued request may be promoted to lead the next batch: whichever is first.
        if (!lead && await(CompletableFuture.anyOf(me.lead, me.outcome)) != LEAD) {
            return answer(me);
        }
        lane.lead(model, settings);
        return answer(me);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> answer(Pending pending) {
        Object outcome = await(pending.outcome);
        if (outcome instanceof RuntimeException e) {
            throw e;
        }
        if (outcome instanceof Error e) {
            throw e;
        }
        return (Map<String, Tensor>) outcome;
    }

    private static Object await(CompletableFuture<Object> signal) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return signal.get();
                } catch (InterruptedException e) {
                    // The batch this request is in will answer it; a caller cannot leave it halfway.
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One request waiting for its answer ({@code outcome}: the outputs, or the failure), and, while it
     * is queued, for its turn to lead a batch ({@code lead}, completed with LEAD). Two futures that are
     * each completed once and never replaced: a waiter cannot miss a promotion that happens before it
     * starts waiting.
     */
    private static final class Pending {
        final Map<String, Tensor> inputs;
        final long rows;
        final Collection<String> outputs;
        final CompletableFuture<Object> lead = new CompletableFuture<>();
        final CompletableFuture<Object> outcome = new CompletableFuture<>();

        Pending(Map<String, Tensor> inputs, long rows, Collection<String> outputs) {
            this.inputs = inputs;
            this.rows = rows;
            this.outputs = outputs;
        }

        void answer(Object result) {
            outcome.complete(result);
        }

        void promote() {
            lead.complete(LEAD);
        }
    }

    /** The requests of one model version: a queue and whether a leader is at work. */
    private final class Lane {
        final ReentrantLock lock = new ReentrantLock();
        final Condition arrived = lock.newCondition();
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        boolean running;
        /** Null until the version's first probes are in; then whether joining its requests pays. */
        volatile Boolean worthBatching;
        /** Requests to this version so far (with a minimum call time). */
        final AtomicLong requests = new AtomicLong();
        /** The last probes' call times, a ring; guarded by {@code this}. */
        private final long[] probeNanos = new long[PROBES];
        private int probesTaken;

        /** Runs one request alone, times it, and decides again from the last probes. */
        Map<String, Tensor> probe(LoadedModel model, Map<String, Tensor> inputs, Collection<String> outputs,
                Duration minCallTime) {
            long start = System.nanoTime();
            Map<String, Tensor> answer = model.infer(inputs, outputs);
            long took = System.nanoTime() - start;
            synchronized (this) {
                probeNanos[probesTaken++ % PROBES] = took;
                if (probesTaken >= PROBES) {
                    long fastest = Long.MAX_VALUE;
                    for (long nanos : probeNanos) {
                        fastest = Math.min(fastest, nanos);
                    }
                    worthBatching = fastest >= minCallTime.toNanos();
                }
            }
            return answer;
        }

        /** Collects a batch from the head of the queue, runs it, answers it, and passes the lead on. */
        void lead(LoadedModel model, Settings settings) {
            List<Pending> batch = new ArrayList<>();
            lock.lock();
            try {
                long deadline = System.nanoTime() + settings.maxDelay().toNanos();
                while (queuedRows() < settings.maxBatchRows()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    arrived.awaitNanos(left);
                }
                take(batch, settings.maxBatchRows());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                take(batch, settings.maxBatchRows());
            } finally {
                lock.unlock();
            }
            try {
                run(model, batch);
            } finally {
                lock.lock();
                try {
                    Pending next = queue.peekFirst();
                    if (next == null) {
                        running = false;
                    } else {
                        next.promote();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        private long queuedRows() {
            long rows = 0;
            for (Pending p : queue) {
                rows += p.rows;
            }
            return rows;
        }

        /** The head of the queue and the requests that can join it, up to the row limit. */
        private void take(List<Pending> batch, int maxRows) {
            Pending head = queue.pollFirst();
            batch.add(head);
            long rows = head.rows;
            for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (rows + p.rows > maxRows) {
                    break;
                }
                if (Batches.compatible(head.inputs, p.inputs)) {
                    batch.add(p);
                    rows += p.rows;
                    it.remove();
                }
            }
        }

        private void run(LoadedModel model, List<Pending> batch) {
            if (batch.size() == 1) {
                runAlone(model, batch.get(0));
                return;
            }
            List<Map<String, Tensor>> answers = null;
            try {
                long[] rows = batch.stream().mapToLong(p -> p.rows).toArray();
                Map<String, Tensor> joined = Batches.join(batch.stream().map(p -> p.inputs).toList());
                answers = Batches.split(model.infer(joined, List.of()), rows);
            } catch (RuntimeException e) {
                answers = null;
            }
            if (answers == null) {
                // One request may be what broke the batch: each gets its own outcome.
                batch.forEach(p -> runAlone(model, p));
                return;
            }
            batches.incrementAndGet();
            batchedRequests.addAndGet(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                p.answer(Batches.select(answers.get(i), p.outputs));
            }
        }

        private void runAlone(LoadedModel model, Pending p) {
            try {
                p.answer(model.infer(p.inputs, p.outputs));
            } catch (RuntimeException | Error e) {
                p.answer(e);
            }
        }
    }
}
