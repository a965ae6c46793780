package io.portico.server;

import io.portico.config.ConfigException;
import io.portico.server.snapshot.LoadedModules;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config when one of its files changes. Watches the directories that hold the
 * files (not the files), so an editor's write-and-rename and Kubernetes' ConfigMap update —
 * an atomic swap of the {@code ..data} symlink the mounted files point through — are both
 * seen. Changes are debounced; a config that fails to load is logged and the old one keeps
 * serving. Runs on its own thread.
 */
final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final long DEBOUNCE_MILLIS = 300;

    private final WatchService watch;
    private final Supplier<List<Path>> files;
    private final Runnable reload;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Thread thread;
    private Map<Path, String> stamps;

    /**
     * @param files  the config's files now (main first); re-read after each reload (includes may change)
     * @param reload reloads; throws ConfigException (or the module variant) when the new config is bad
     */
    ConfigWatcher(Supplier<List<Path>> files, Runnable reload) throws IOException {
        this.watch = FileSystems.getDefault().newWatchService();
        this.files = files;
        this.reload = reload;
        register();
        this.stamps = stamps();
        this.thread = Thread.ofPlatform().daemon(true).name("config-watcher").start(this::run);
    }

    private void register() throws IOException {
        for (Path f : files.get()) {
            Path dir = f.toAbsolutePath().getParent();
            if (!keys.containsValue(dir)) {
                keys.put(dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE), dir);
            }
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                key.pollEvents();
                key.reset();
                // Let a burst of writes (or a ConfigMap swap) finish, then look once.
                WatchKey more;
                while ((more = watch.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                Map<Path, String> now = stamps();
                if (now.equals(stamps)) {
                    continue;
                }
                stamps = now;
                try {
                    reload.run();
                    register();
                    stamps = stamps();
                } catch (ConfigException e) {
                    LOG.warn("reload refused: config changed but does not load ({} errors); the old config keeps serving: {}",
                            e.errors().size(), e.getMessage().replace("\n", "; "));
                } catch (LoadedModules.ModuleConfigException e) {
                    LOG.warn("reload refused: config changed but its modules do not load; the old config keeps serving: {}",
                            e.getMessage().replace("\n", "; "));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("reload refused: {}; the old config keeps serving", e.getMessage());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** What each file's content is now, through symlinks: size and modification time of the target. */
    private Map<Path, String> stamps() {
        Map<Path, String> m = new HashMap<>();
        for (Path f : files.get()) {
            try {
                Path real = f.toRealPath();
                m.put(f, real + "@" + Files.getLastModifiedTime(real).toMillis() + "/" + Files.size(real));
            } catch (IOException e) {
                m.put(f, "missing");
            }
        }
        return m;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
