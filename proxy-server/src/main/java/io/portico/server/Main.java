package io.portico.server;

import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.ProxyConfig;
import io.portico.module.SimpleMetricsRegistry;
import io.portico.server.bfe.BfeImport;
import io.portico.server.snapshot.LoadedModules;
import io.portico.server.snapshot.ModuleJars;
import io.portico.server.tls.ClusterTls;
import io.portico.server.tls.ListenerTls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code portico} command line: run, check a config, print the version. */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_RUNTIME = 1;
    static final int EXIT_INVALID = 2;

    static final String USAGE = """
            usage: portico --config FILE            run the proxy (SIGTERM drains, then exits 0)
                   portico --check --config FILE    validate a config and its modules, exit 0 valid, 2 invalid
                   portico --version                print the version, commit and build date
                   portico --help                   print this and exit
                   portico import-bfe DIR           a BFE conf/ directory as Portico TOML on stdout (warnings on stderr)
                   portico train [--seconds N]      a short loopback workload through a proxy of its own, for the
                                                    JDK's ahead-of-time cache (the launcher runs it once per build)
                   portico demo                     (launcher) run config-samples/quickstart.toml with two demo backends
            -c is short for --config, -v for --version, -h for --help.
            The reference of every config key, the admin endpoints and exit codes: docs/configuration.md
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code, or blocks while the proxy serves. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("import-bfe")) {
            return importBfe(args, out, err);
        }
        if (args.length > 0 && args[0].equals("train")) {
            return Training.run(args, err);
        }
        Optional<CommandLine> parsed = CommandLine.parse(args, err);
        if (parsed.isEmpty()) {
            err.print(USAGE);
            return EXIT_INVALID;
        }
        CommandLine cmd = parsed.get();
        if (cmd.help()) {
            out.print(USAGE);
            return EXIT_OK;
        }
        if (cmd.version()) {
            BuildInfo build = BuildInfo.current();
            out.println("portico " + build.version() + " (commit " + build.commit() + ", built " + build.date() + ")");
            return EXIT_OK;
        }
        Path file = cmd.config();
        if (!Files.isRegularFile(file)) {
            err.println(file + ": no such config file");
            return EXIT_INVALID;
        }
        ProxyConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            return EXIT_INVALID;
        }
        if (cmd.check()) {
            try {
                ListenerTls.build(config);
                ClusterTls.build(config);
            } catch (ConfigException e) {
                e.errors().forEach(err::println);
                return EXIT_INVALID;
            }
            try {
                LoadedModules.load(config.modules(), new ModuleJars(Main.class.getClassLoader()).catalog(config.modules()),
                        new SimpleMetricsRegistry()).close();
            } catch (LoadedModules.ModuleConfigException e) {
                e.lines().forEach(err::println);
                return EXIT_INVALID;
            }
            out.println(file + ": ok");
            return EXIT_OK;
        }
        return serve(config, cmd.demo(), err);
    }

    private static int serve(ProxyConfig config, boolean demo, PrintStream err) {
        DemoBackends backends = null;
        try {
            if (demo) {
                backends = DemoBackends.start(9001, 9002);
            }
            // One full collection before the listeners open: what the start left alive (the config,
            // the routes, the TLS contexts, ~9 MiB) moves to the old generation at once, instead of
            // being copied by the first young collections under traffic (two of 18 ms each in the
            // first 3 s, then about 1 ms).
            PorticoServer server = PorticoServer.start(config, System::gc);
            ReloadSignal.install(server);
            StopSignal.install(server);
            DemoBackends started = backends;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.shutdown();
                if (started != null) {
                    started.close();
                }
            }, "shutdown"));
            if (demo) {
                err.println("portico demo: try  curl -s http://" + server.listenerAddresses().get(0).getHostString()
                        + ":" + server.listenerAddresses().get(0).getPort() + "/  (twice: the two backends take turns)");
            }
            server.awaitTermination();
            return EXIT_OK;
        } catch (LoadedModules.ModuleConfigException e) {
            e.lines().forEach(err::println);
            if (backends != null) {
                backends.close();
            }
            return EXIT_INVALID;
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            if (backends != null) {
                backends.close();
            }
            return EXIT_INVALID;
        } catch (Exception e) {
            err.println("portico: cannot start: " + e.getMessage());
            if (backends != null) {
                backends.close();
            }
            return EXIT_RUNTIME;
        }
    }

    /** {@code import-bfe DIR}: the TOML on {@code out}, one warning a line on {@code err}; 0 done, 2 unreadable. */
    private static int importBfe(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: portico import-bfe DIR   (DIR: a BFE conf/ directory with bfe.conf)");
            return EXIT_INVALID;
        }
        Path dir = Path.of(args[1]);
        if (!Files.isRegularFile(dir.resolve("bfe.conf"))) {
            err.println(dir + ": no bfe.conf here (give BFE's conf/ directory)");
            return EXIT_INVALID;
        }
        try {
            BfeImport.Result result = BfeImport.convert(dir);
            result.warnings().forEach(w -> err.println("warning: " + w));
            out.print(result.toml());
            return EXIT_OK;
        } catch (IOException | RuntimeException e) {
            err.println("portico import-bfe: " + e.getMessage());
            return EXIT_INVALID;
        }
    }

    public static String version() {
        return BuildInfo.current().version();
    }
}
