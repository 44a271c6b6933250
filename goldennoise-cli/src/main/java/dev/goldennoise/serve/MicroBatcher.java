package dev.goldennoise.serve;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers items that arrive close together into batches for one worker thread: the first item of a batch waits at
 * most {@code window} for others with the same key (items of different keys cannot share a batch: a denoiser batch
 * has one step count and one guidance scale), up to {@code maxBatch}. Under load a batch fills before its window
 * ends, so throughput approaches the batched rate; a lone request waits only the window.
 *
 * <p>The window opens when the item arrives or when the worker is free for it, whichever is later, and lasts
 * {@code window} or 1% of the last batch's time, whichever is longer. Were it to open on arrival only, clients that
 * send again as soon as they are answered would stay split into the cohorts of the first batches: those answered
 * last find the others' items already past their window and taken without them. Answering a batch (encoding its
 * images, committing its records) takes longer than a fixed few milliseconds on a busy machine, while a batch takes
 * seconds there: 1% of a batch lets the cohorts merge and costs at most 1% of throughput.
 *
 * <p>The worker is the only thread that runs {@code work}, which suits native engines that are not shared between
 * threads. {@link #close} refuses new items, finishes every item already accepted, and then stops the worker.
 *
 * @param <T> an item to process
 * @param <R> its result
 */
public final class MicroBatcher<T, R> implements AutoCloseable {
    /** Processes one batch; returns one result per item, in order. */
    @FunctionalInterface
    public interface Work<T, R> {
        List<R> run(List<T> batch) throws Exception;
    }

    /** Told the size of every batch as it starts, for metrics and tests. */
    @FunctionalInterface
    public interface BatchListener {
        void started(int size);
    }

    /** The queue is full, or the batcher is closing: the caller should answer "try again later". */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private record Pending<T, R>(T item, Object key, long arrivedNanos, CompletableFuture<R> result) {}

    private static final Object STOP = new Object();

    private final Function<T, Object> key;
    private final Work<T, R> work;
    private final long windowNanos;
    private final int maxBatch;
    private final int maxQueue;
    private final BatchListener listener;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Items taken from the queue but left for a later batch (another key, or past the maximum); worker-only. */
    private final List<Pending<T, R>> held = new ArrayList<>();
    private final Thread worker;
    private volatile boolean closing;
    private volatile int heldCount;
    /** How long the last batch took; worker-only. */
    private long lastBatchNanos;

    public MicroBatcher(String name, Function<T, Object> key, Work<T, R> work, long windowMillis, int maxBatch,
                        int maxQueue, BatchListener listener) {
        if (windowMillis < 0 || maxBatch < 1 || maxQueue < 1) {
            throw new IllegalArgumentException("window must be 0 or more and the maximum batch and queue at least 1");
        }
        this.key = Objects.requireNonNull(key);
        this.work = Objects.requireNonNull(work);
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        this.maxBatch = maxBatch;
        this.maxQueue = maxQueue;
        this.listener = listener;
        this.worker = new Thread(this::loop, name);
        this.worker.setDaemon(false);
        this.worker.start();
    }

    /**
     * Queues an item; the future completes with its result, or exceptionally with what the batch threw.
     *
     * @throws Refused when the queue holds {@code maxQueue} items or the batcher is closing
     */
    public synchronized CompletableFuture<R> submit(T item) {
        if (closing) {
            throw new Refused("the server is shutting down");
        }
        if (depth() >= maxQueue) {
            throw new Refused("the queue is full (" + maxQueue + " requests waiting)");
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        queue.add(new Pending<>(item, key.apply(item), System.nanoTime(), result));
        return result;
    }

    /** Items accepted and not yet in a running batch. */
    public int depth() {
        return queue.size() + heldCount;
    }

    private void loop() {
        try {
            while (true) {
                if (held.isEmpty()) {
                    Object next = queue.take();
                    if (next == STOP) {
                        return;
                    }
                    hold(next);
                }
                List<Pending<T, R>> batch = gather();
                if (batch == null) {
                    return;
                }
                run(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failAll(new Refused("the server stopped before this request ran"));
        }
    }

    /**
     * The next batch: the oldest held item's key, gathered until its window ends or the batch is full. Returns null
     * when the stop marker arrives and nothing is held (everything accepted before it has run by then).
     */
    private List<Pending<T, R>> gather() throws InterruptedException {
        Pending<T, R> first = held.get(0);
        long deadline = Math.max(first.arrivedNanos(), System.nanoTime()) + Math.max(windowNanos, lastBatchNanos / 100);
        boolean stopping = false;
        while (count(first.key()) < maxBatch && !stopping) {
            long wait = deadline - System.nanoTime();
            Object next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            if (next == STOP) {
                stopping = true; // run what is held, then stop once it has all run
                queue.add(STOP);
            } else {
                hold(next);
            }
        }
        List<Pending<T, R>> batch = new ArrayList<>();
        for (Iterator<Pending<T, R>> it = held.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
            Pending<T, R> p = it.next();
            if (p.key().equals(first.key())) {
                batch.add(p);
                it.remove();
            }
        }
        heldCount = held.size();
        return batch;
    }

    private void run(List<Pending<T, R>> batch) {
        if (listener != null) {
            listener.started(batch.size());
        }
        long start = System.nanoTime();
        try {
            List<R> results = work.run(batch.stream().map(Pending::item).toList());
            lastBatchNanos = System.nanoTime() - start;
            if (results.size() != batch.size()) {
                throw new IllegalStateException(batch.size() + " items gave " + results.size() + " results");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (Exception | Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void hold(Object next) {
        held.add((Pending<T, R>) next);
        heldCount = held.size();
    }

    private long count(Object k) {
        return held.stream().filter(p -> p.key().equals(k)).count();
    }

    private void failAll(RuntimeException why) {
        held.forEach(p -> p.result().completeExceptionally(why));
        held.clear();
        heldCount = 0;
        for (Object o : queue) {
            if (o instanceof Pending<?, ?> p) {
                p.result().completeExceptionally(why);
            }
        }
        queue.clear();
    }

    /** Refuses new items, runs every accepted one, then stops the worker (waiting at most {@code timeoutMillis}). */
    public void close(long timeoutMillis) throws InterruptedException {
        synchronized (this) {
            if (!closing) {
                closing = true;
                queue.add(STOP);
            }
        }
        worker.join(timeoutMillis);
        if (worker.isAlive()) {
            worker.interrupt();
            worker.join(timeoutMillis);
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(TimeUnit.MINUTES.toMillis(5));
    }
}
