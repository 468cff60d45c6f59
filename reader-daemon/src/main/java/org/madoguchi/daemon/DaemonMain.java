package org.madoguchi.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.daemon.config.ConfigException;
import org.madoguchi.daemon.config.ConfigLoader;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.setup.DoctorCommand;
import org.madoguchi.daemon.setup.InitCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: reads the configuration, applies the flags, starts the {@link Daemon}, prints
 * one ready line to standard output (logs go to standard error) and runs until SIGTERM or Ctrl-C.
 * Exit codes: 1 when the daemon cannot run, 2 for a usage or configuration problem; after SIGTERM
 * or Ctrl-C the shutdown hook stops the daemon and the JVM exits with the signal's status (143, 130).
 * Started by systemd ({@code Type=notify}), it sends {@code READY=1} once listening. Subcommands:
 * {@code init} writes a first configuration, {@code doctor} checks an installation.
 */
@Command(name = "madoguchi", mixinStandardHelpOptions = true, versionProvider = DaemonMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {InitCommand.class, DoctorCommand.class},
        description = {"マイナンバーカード読み取りデーモン / My Number card reader daemon"})
public final class DaemonMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DaemonMain.class);

    @Option(names = "--simulate",
            description = "シミュレーターの読み取り機とカードを使う / Use the simulator's readers and cards")
    boolean simulate;

    @Option(names = "--port", paramLabel = "PORT",
            description = "待ち受けポート(既定 43117、0 は空いているポート) / Port to listen on (default 43117; 0 = any free port)")
    Integer port;

    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "待ち受け開始後にベース URL を書くファイル / File to write the base URL to once listening")
    Path readyFile;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML 設定ファイル / YAML configuration file")
    Path configFile;

    @Option(names = "--backend", paramLabel = "jna|jdk",
            description = "PC/SC バックエンド(設定ファイルより優先) / PC/SC back-end (overrides the configuration file)")
    String backend;

    @Option(names = "--readers", paramLabel = "N", defaultValue = "1",
            description = "シミュレーターの読み取り機の数(既定 1) / Number of simulated readers (default 1)")
    int readers;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The picocli command line, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new DaemonMain());
    }

    @Override
    public Integer call() {
        // The hook is in place before anyone can be told the daemon is ready: a SIGTERM right after the
        // ready line (systemd, a test, a vendor's script) must stop it cleanly, not find the JVM already
        // shutting down when the hook is added. A SIGTERM during start-up waits for its outcome.
        java.util.concurrent.CompletableFuture<Daemon> started = new java.util.concurrent.CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Daemon d = started.get(60, java.util.concurrent.TimeUnit.SECONDS);
                if (d != null) {
                    stop(d);
                }
            } catch (Exception e) {
                log.warn("stopping: the daemon had not started: {}", e.getClass().getSimpleName());
            }
        }, "madoguchi-shutdown"));
        Daemon daemon;
        try {
            daemon = launch(System.out);
        } catch (StartupException e) {
            started.complete(null);
            log.debug("start-up failed", e);
            PrintWriter err = new PrintWriter(System.err, true);
            err.println("madoguchi: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException | Error e) {
            started.complete(null);
            throw e;
        }
        started.complete(daemon);
        SystemdNotify.notify("READY=1\nSTATUS=listening on " + daemon.baseUrl());
        try {
            daemon.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(daemon);
        }
        return 0;
    }

    private void stop(Daemon daemon) {
        SystemdNotify.notify("STOPPING=1");
        daemon.close();
        if (readyFile != null) {
            try {
                Files.deleteIfExists(readyFile);
            } catch (IOException e) {
                log.warn("cannot delete the ready file {}", readyFile);
            }
        }
    }

    /**
     * Starts the daemon as the flags say, writes the ready file and prints the ready line. Does not
     * block and installs no shutdown hook: the caller owns the returned daemon.
     */
    public Daemon launch(PrintStream out) throws StartupException {
        Daemon daemon = Daemon.start(settings());
        if (readyFile != null) {
            try {
                ReadyFile.write(readyFile, daemon.baseUrl());
            } catch (IOException e) {
                daemon.close();
                throw new StartupException(StartupException.FAILURE, "準備完了ファイルを書けません / Cannot write the ready file "
                        + readyFile + ": " + e.getMessage(), e);
            }
        }
        out.println("madoguchi ready " + daemon.baseUrl());
        out.flush();
        return daemon;
    }

    /** The configuration file (or the defaults) with the command-line flags applied. */
    DaemonSettings settings() throws StartupException {
        DaemonConfig config;
        try {
            config = configFile == null ? DaemonConfig.defaults() : ConfigLoader.load(configFile);
            if (port != null) {
                config = config.withPort(port);
            }
            if (backend != null) {
                config = config.withBackend(BackendKind.fromName(backend));
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw new StartupException(StartupException.USAGE, e.getMessage(), e);
        }
        if (simulate) {
            if (backend != null) {
                log.info("--simulate: the simulator's readers are used; --backend {} is ignored", backend);
            }
            return DaemonSettings.simulated(config, readers);
        }
        if (readers != 1) {
            log.warn("--readers applies only with --simulate; ignored");
        }
        return DaemonSettings.production(config);
    }

    /** {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"madoguchi " + DaemonVersion.current()};
        }
    }
}
