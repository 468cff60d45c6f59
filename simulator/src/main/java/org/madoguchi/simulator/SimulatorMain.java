package org.madoguchi.simulator;

import java.io.Console;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar madoguchi-simulator.jar <command>}: software My Number cards for development
 * and CI. {@code profiles} lists the cards; {@code vpcd} plays one to pcscd's vpcd reader; {@code play}
 * plays a timeline of insertions and removals; {@code reset} restores cards as issued;
 * {@code export-roots} writes the test PKI's roots.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true, version = "madoguchi simulator 0.1",
        description = "madoguchi カードシミュレータ / madoguchi card simulator",
        subcommands = {ProfilesCommand.class, VpcdCommand.class, PlayCommand.class, ResetCommand.class,
                ExportRootsCommand.class, CommandLine.HelpCommand.class})
public final class SimulatorMain implements Runnable {
    /** System property read by {@code logback-simulator.xml}: the level of madoguchi's loggers. */
    static final String LOG_LEVEL_PROPERTY = "madoguchi.log.level";

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String... args) {
        // Before any logger exists: use our own file, so a daemon's logback.xml is never shadowed.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-simulator.xml");
        }
        Charset charset = consoleCharset();
        CommandLine cli = new CommandLine(new SimulatorMain());
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, charset), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, charset), true));
        return cli.execute(args);
    }

    /** The terminal's charset, or UTF-8 when there is no terminal or it claims plain ASCII. */
    private static Charset consoleCharset() {
        Console console = System.console();
        Charset cs = console == null ? StandardCharsets.UTF_8 : console.charset();
        return cs.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : cs;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
