package io.portico.module;

/**
 * A Portico module: the one interface a third-party jar implements. Modules are found with
 * {@link java.util.ServiceLoader}: list the implementing class in a file named
 * {@code META-INF/services/io.portico.module.PorticoModule} inside the jar, and put the jar on the
 * class path or in the configured {@code modules.dir}. The class needs a public no-argument
 * constructor (or a public static {@code provider()} method).
 *
 * <p>Life cycle: the server creates a fresh instance for each configuration it loads and calls
 * {@link #init} once, on the loading thread, if the module is in {@code modules.enabled}; the
 * constructor must be cheap and free of side effects, since an instance is also created just to
 * learn the {@link #name()}. The handlers registered in {@code init} serve every request of that
 * configuration, from many threads at once. When a reload retires the configuration (after its
 * requests have finished) or the server shuts down, the server stops the module's background
 * tasks and calls {@link #close()}.
 */
public interface PorticoModule {

    /** The name that {@code modules.enabled} and the {@code [modules.NAME]} table use, e.g. {@code "access_log"}. */
    String name();

    /**
     * Reads settings and registers handlers. Problems with the settings are recorded in
     * {@link ModuleContext#settings()} (the server then rejects the configuration and reports them
     * all); an exception thrown here rejects the configuration too, naming the module.
     */
    void init(ModuleContext context);

    /** Releases what {@code init} acquired (open files, say). Background tasks have already been stopped. */
    default void close() {
    }
}
