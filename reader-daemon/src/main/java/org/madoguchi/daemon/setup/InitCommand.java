package org.madoguchi.daemon.setup;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.madoguchi.daemon.config.ConfigException;
import org.madoguchi.daemon.config.ConfigLoader;
import org.madoguchi.daemon.config.DaemonConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi init}: writes a first configuration with fresh tokens for one kiosk, one
 * reception console (staff) and one observer, readable by its owner only, and prints the two URLs
 * to open. The tokens appear nowhere else: not in a log, not in a message on standard error.
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"設定ファイルを新しいトークンで作ります / Writes a configuration file with fresh tokens"})
public final class InitCommand implements Callable<Integer> {
    /** Where the Debian package and the systemd unit look for the configuration. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/madoguchi/madoguchi.yaml");
    /** The audit file under the unit's StateDirectory. */
    public static final String DEFAULT_AUDIT_FILE = "/var/lib/madoguchi/audit.jsonl";
    /** Bytes of randomness in a token: 256 bits, written as 64 hex digits. */
    static final int TOKEN_BYTES = 32;

    static final String KIOSK = "kiosk-1";
    static final String CONSOLE = "console-1";
    static final String OBSERVER = "observer-1";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "書き出す設定ファイル(既定 /etc/madoguchi/madoguchi.yaml) / File to write (default /etc/madoguchi/madoguchi.yaml)")
    Path config = DEFAULT_CONFIG;

    @Option(names = "--force", description = "既存の設定を置き換える(古いトークンは使えなくなります) / Replace an existing file (its tokens stop working)")
    boolean force;

    @Option(names = "--port", paramLabel = "PORT",
            description = "待ち受けポート(既定 43117) / Port (default 43117)")
    int port = DaemonConfig.DEFAULT_PORT;

    @Option(names = "--audit-file", paramLabel = "FILE",
            description = "監査ファイル(既定 /var/lib/madoguchi/audit.jsonl) / Audit file (default /var/lib/madoguchi/audit.jsonl)")
    String auditFile = DEFAULT_AUDIT_FILE;

    @Option(names = "--trust-anchor", paramLabel = "PEM",
            description = "J-LIS 利用者証明用ルート証明書(複数可) / J-LIS user-authentication root certificate (repeatable)")
    List<Path> trustAnchors = new ArrayList<>();

    @Option(names = "--user", paramLabel = "USER",
            description = "root で実行したときのファイルの所有者(既定 madoguchi) / Owner of the file when run as root (default madoguchi)")
    String user = ServiceAccount.DEFAULT_USER;

    private final SecureRandom random = new SecureRandom();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = config.toAbsolutePath();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !force) {
            err.println("madoguchi init: " + file + " はすでにあります。置き換えるときは --force を付けてください(古いトークンは使えなくなります)"
                    + " / " + file + " already exists; add --force to replace it (its tokens stop working)");
            return 1;
        }
        Optional<ServiceAccount> owner = Optional.empty();
        if (ServiceAccount.runningAsRoot() && !user.equals("root")) {
            owner = ServiceAccount.lookup(user);
            if (owner.isEmpty()) {
                err.println("madoguchi init: 利用者 " + user + " がいないため、ファイルの所有者は root のままです"
                        + " / user " + user + " does not exist; the file stays owned by root");
            }
        }
        Tokens tokens = new Tokens(token(), token(), token());
        String yaml = yaml(tokens);
        DaemonConfig parsed;
        try {
            parsed = ConfigLoader.parse(yaml);
        } catch (ConfigException e) {
            err.println("madoguchi init: " + e.getMessage());
            return 2;
        }
        try {
            write(file, yaml, owner, force);
        } catch (IOException e) {
            err.println("madoguchi init: 設定ファイルを書けません / cannot write the configuration file " + file
                    + ": " + e.getMessage());
            return 1;
        }
        String base = "http://" + host(parsed.listen()) + ":" + parsed.port();
        out.println("設定ファイルを書きました / Configuration written: " + file
                + owner.map(o -> " (" + o.name() + ", 0600)").orElse(" (0600)"));
        out.println();
        out.println("キオスクのブラウザーで一度開いてください / Open once in the kiosk's browser:");
        out.println("  " + base + "/kiosk#token=" + tokens.kiosk());
        out.println("受付コンソールのブラウザーで一度開いてください / Open once in the reception console's browser:");
        out.println("  " + base + "/console#token=" + tokens.console());
        out.println("(トークンはブラウザーに保存され、アドレス欄から消えます。observer のトークンは設定ファイルにあります"
                + " / the pages keep the token and remove it from the address bar; the observer token is in the file)");
        out.println();
        out.println("次に / Next: sudo systemctl restart madoguchi && madoguchi doctor");
        out.flush();
        return 0;
    }

    record Tokens(String kiosk, String console, String observer) {
        @Override
        public String toString() {
            return "Tokens[***]";
        }
    }

    /** {@value #TOKEN_BYTES} bytes from {@link SecureRandom}, as lower-case hex. */
    String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String yaml(Tokens t) {
        StringBuilder y = new StringBuilder();
        y.append("# madoguchi の設定 / madoguchi configuration (madoguchi init)\n");
        y.append("# トークンは秘密です。このファイルはサービスの利用者だけが読めるようにしてください (chmod 600)\n");
        y.append("# The tokens are secrets: keep this file readable by the service's user only (chmod 600).\n");
        y.append("# All keys: docs/operations.md\n");
        y.append("listen: ").append(DaemonConfig.DEFAULT_LISTEN).append('\n');
        y.append("port: ").append(port).append('\n');
        y.append("backend: jna\n");
        y.append("auditFile: ").append(quote(auditFile)).append('\n');
        if (trustAnchors.isEmpty()) {
            y.append("# J-LIS の利用者証明用ルート証明書を置いて列挙してください / list the J-LIS user-authentication roots:\n");
            y.append("trustAnchors: []\n");
        } else {
            y.append("trustAnchors:\n");
            for (Path p : trustAnchors) {
                y.append("  - ").append(quote(p.toAbsolutePath().toString())).append('\n');
            }
        }
        y.append("clients:\n");
        y.append("  - {name: ").append(KIOSK).append(", role: kiosk, token: \"").append(t.kiosk()).append("\"}\n");
        y.append("  - {name: ").append(CONSOLE).append(", role: staff, token: \"").append(t.console()).append("\"}\n");
        y.append("  - {name: ").append(OBSERVER).append(", role: observer, token: \"").append(t.observer()).append("\"}\n");
        return y.toString();
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String host(String listen) {
        return listen.contains(":") ? "[" + listen + "]" : listen;
    }

    /**
     * Writes to a temporary file created owner-only in the same directory, syncs it, hands it to the
     * service account, and renames it into place: no moment where the tokens are readable by others,
     * and no half-written file.
     */
    private static void write(Path file, String yaml, Optional<ServiceAccount> owner, boolean replace)
            throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean posix = ServiceAccount.posix();
        Path temp = posix
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(yaml.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            if (owner.isPresent()) {
                owner.get().takeOwnership(temp);
            }
            if (!replace) {
                Files.move(temp, file); // refuses a file that appeared meanwhile
            } else {
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
