package io.portico.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** The parsed command line. {@code help} asks for the usage alone. */
record CommandLine(Path config, boolean check, boolean version, boolean demo, boolean help) {

    /** Parses the arguments; on a bad one prints why to {@code err} and returns empty. */
    static Optional<CommandLine> parse(String[] args, PrintStream err) {
        Path config = null;
        boolean check = false;
        boolean version = false;
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        err.println("portico: --config needs a file");
                        return Optional.empty();
                    }
                    config = Path.of(args[++i]);
                }
                case "--check" -> check = true;
                case "--version", "-v" -> version = true;
                case "--demo" -> demo = true;
                case "--help", "-h" -> {
                    return Optional.of(new CommandLine(null, false, false, false, true));
                }
                default -> {
                    err.println("portico: unknown argument: " + args[i]);
                    return Optional.empty();
                }
            }
        }
        if (!version && config == null) {
            err.println("portico: --config FILE is required");
            return Optional.empty();
        }
        return Optional.of(new CommandLine(config, check, version, demo, false));
    }
}
