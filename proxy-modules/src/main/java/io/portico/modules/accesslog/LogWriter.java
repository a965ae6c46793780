package io.portico.modules.accesslog;

import io.portico.module.Counter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * Hands log lines from request threads to one background writer through a bounded queue: a
 * request never waits for the disk; when the queue is full the line is dropped and counted.
 * The writer appends to a file (reopened when it was moved away, e.g. by logrotate) or to
 * stdout. {@link #offer} is called from any thread; {@link #run} on the module's background
 * thread; {@link #close} on the thread that retires the configuration.
 */
final class LogWriter implements Runnable {
    private static final int BATCH = 256;
    static final long REOPEN_CHECK_NANOS = 1_000_000_000L;

    private final BlockingQueue<String> queue;
    private final Path path;
    private final PrintStream stdout;
    private final Counter dropped;
    private final Counter writeErrors;
    private final Logger log;
    private final long reopenCheckNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean started;
    // A stream, not a FileChannel: an interrupt (how the server stops the writer) must not close it.
    private FileOutputStream file;
    private Object fileKey;
    private long lastCheck = System.nanoTime();
    private boolean failing;

    /**
     * @param path   the file, or null for {@code stdout}
     * @throws IOException when the file cannot be opened
     */
    LogWriter(int capacity, Path path, PrintStream stdout, Counter dropped, Counter writeErrors, Logger log,
              long reopenCheckNanos) throws IOException {
        this.reopenCheckNanos = reopenCheckNanos;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.path = path;
        this.stdout = stdout;
        this.dropped = dropped;
        this.writeErrors = writeErrors;
        this.log = log;
        if (path != null) {
            open();
        }
    }

    /** Queues a line without waiting; counts it as dropped when the queue is full. */
    void offer(String line) {
        if (!queue.offer(line)) {
            dropped.increment();
        }
    }

    /** The writer loop: ends on interrupt after writing what is queued. */
    @Override
    public void run() {
        started = true;
        List<String> batch = new ArrayList<>(BATCH);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            }
        } catch (InterruptedException e) {
            // stopping: fall through to write what is left
        } finally {
            drain();
            finished.countDown();
        }
    }

    /** Writes what is still queued and closes the file. Waits a little for a running writer to finish. */
    void close() {
        if (started) {
            try {
                finished.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
        lock.lock();
        try {
            if (file != null) {
                file.close();
                file = null;
            }
        } catch (IOException e) {
            log.warn("access log {}: close failed: {}", path, e.toString());
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>(BATCH);
        while (queue.drainTo(batch, BATCH) > 0) {
            write(batch);
        }
    }

    private void write(List<String> batch) {
        StringBuilder sb = new StringBuilder(batch.size() * 200);
        for (String line : batch) {
            sb.append(line);
        }
        batch.clear();
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (path == null) {
                stdout.write(bytes, 0, bytes.length);
                stdout.flush();
                return;
            }
            reopenIfMoved();
            file.write(bytes);
            failing = false;
        } catch (IOException | RuntimeException e) {
            writeErrors.increment();
            if (!failing) {
                log.warn("access log {}: write failed, lines are lost until it works again: {}", path, e.toString());
                failing = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** At most once a second: when the path names another file than the open one (or none), open it anew. */
    private void reopenIfMoved() throws IOException {
        long now = System.nanoTime();
        if (file != null && now - lastCheck < reopenCheckNanos) {
            return;
        }
        lastCheck = now;
        Object current;
        try {
            current = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            current = null;
        }
        if (file == null || current == null || !Objects.equals(current, fileKey)) {
            if (file != null) {
                file.close();
            }
            open();
        }
    }

    private void open() throws IOException {
        file = new FileOutputStream(path.toFile(), true);
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }
}
