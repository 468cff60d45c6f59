package org.madoguchi.daemon.setup;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.madoguchi.daemon.StartupException;
import org.madoguchi.daemon.config.BackendKind;
import org.madoguchi.daemon.config.ConfigException;
import org.madoguchi.daemon.config.ConfigLoader;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.readers.TrustAnchors;
import org.madoguchi.driver.card.CardException;
import org.madoguchi.driver.card.CardIdentity;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.Disposition;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderFeatures;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;

/**
 * The checks of {@code madoguchi doctor}, in the order an installer fixes things: the configuration,
 * pcscd, the readers, a card if one is present, the port, the audit directory, the face engine.
 * Reads nothing personal from a card: the card test is {@link MyNumberCard#identify()} (SELECT of
 * the JPKI AP, its token label and certificate-presence flags).
 */
public final class Doctor {
    /** The face engine's package and the model files it loads from the jar. */
    static final String FACE_ENGINE_CLASS = "org.madoguchi.driver.face.engine.FaceEngine";
    static final String FACE_MODEL_DIR = "org/madoguchi/driver/face/engine/model/";
    static final List<String> FACE_MODEL_FILES = List.of(
            "tiny_face_detector_model-weights_manifest.json", "tiny_face_detector_model.bin",
            "face_landmark_68_model-weights_manifest.json", "face_landmark_68_model.bin",
            "face_recognition_model-weights_manifest.json", "face_recognition_model.bin");

    /** Opens a reader back-end; the real one in production, the simulator's in tests. */
    @FunctionalInterface
    public interface BackendOpener {
        ReaderBackend open(BackendKind kind) throws StartupException;
    }

    private final Path configFile;
    private final Optional<ServiceAccount> account;
    private final BackendOpener opener;
    private final ClassLoader classes;
    private final Path pcscdSocket;
    private final List<Check> checks = new ArrayList<>();

    public Doctor(Path configFile, Optional<ServiceAccount> account, BackendOpener opener, ClassLoader classes,
            Path pcscdSocket) {
        this.configFile = configFile;
        this.account = account;
        this.opener = opener;
        this.classes = classes;
        this.pcscdSocket = pcscdSocket;
    }

    /** Where pcsc-lite's client library looks for pcscd ({@code PCSCLITE_CSOCK_NAME} overrides it). */
    public static Path defaultPcscdSocket() {
        String env = System.getenv("PCSCLITE_CSOCK_NAME");
        return Path.of(env == null || env.isBlank() ? "/run/pcscd/pcscd.comm" : env);
    }

    public List<Check> run() {
        checks.clear();
        DaemonConfig config = config();
        trustAnchors(config);
        readers(config);
        port(config);
        audit(config);
        face();
        cardFront(config);
        return List.copyOf(checks);
    }

    /** Whether any check failed: then {@code doctor} exits 1. */
    public static boolean failed(List<Check> checks) {
        return checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL);
    }

    // ---- configuration -------------------------------------------------------------------------

    private DaemonConfig config() {
        if (!Files.exists(configFile)) {
            checks.add(Check.fail("config", "設定ファイル " + configFile + " がありません。sudo madoguchi init で作ってください",
                    "no configuration file " + configFile + ": create it with sudo madoguchi init"));
            return DaemonConfig.defaults();
        }
        if (!Files.isReadable(configFile)) {
            String me = System.getProperty("user.name");
            checks.add(Check.fail("config", "設定ファイル " + configFile + " を " + me + " は読めません。sudo madoguchi doctor で実行してください",
                    me + " cannot read the configuration file " + configFile + "; run sudo madoguchi doctor"));
            return DaemonConfig.defaults();
        }
        DaemonConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            checks.add(Check.fail("config", "設定ファイルが正しくありません。直してください",
                    "the configuration file is not valid, fix it: " + e.getMessage()));
            return DaemonConfig.defaults();
        }
        checks.add(Check.ok("config", "設定ファイル " + configFile + " は正しく読めます",
                "the configuration file " + configFile + " is valid"));
        privacy(configFile);
        if (config.clients().isEmpty()) {
            checks.add(Check.warn("config", "clients(トークン)がありません。どの画面も observer です。sudo madoguchi init --force で作れます",
                    "no clients (tokens): every front-end is an observer; sudo madoguchi init --force writes some"));
        }
        return config;
    }

    /** The file holds tokens: only its owner (the service account) may read it. */
    private void privacy(Path file) {
        if (!ServiceAccount.posix()) {
            checks.add(Check.info("config", "このファイルシステムでは権限を確かめられません。ACL で本人だけが読めるようにしてください",
                    "cannot check permissions on this file system: make sure only the service's account can read it (ACL)"));
            return;
        }
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> p = a.permissions();
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(p);
            boolean others = p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.OTHERS_WRITE);
            boolean group = p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.GROUP_WRITE);
            if (others || group) {
                checks.add(Check.fail("config", "設定ファイル(" + mode + ")を他の利用者も読めます。chmod 600 " + file + " を実行してください",
                        "the configuration file (" + mode + ") is open to other users; run chmod 600 " + file));
            } else {
                checks.add(Check.ok("config", "設定ファイルは所有者 " + a.owner().getName() + " だけが読めます (" + mode + ")",
                        "only its owner " + a.owner().getName() + " can read the configuration file (" + mode + ")"));
            }
            if (account.isPresent() && !account.get().canRead(file)) {
                String user = account.get().name();
                checks.add(Check.fail("config", "サービスの利用者 " + user + " が設定ファイルを読めません。sudo chown " + user + ": " + file
                        + " を実行してください", "the service's user " + user + " cannot read it; run sudo chown " + user + ": " + file));
            }
        } catch (IOException e) {
            checks.add(Check.warn("config", "設定ファイルの権限を読めません: " + e.getMessage(),
                    "cannot read the configuration file's permissions: " + e.getMessage()));
        }
    }

    private void trustAnchors(DaemonConfig config) {
        if (config.trustAnchors().isEmpty()) {
            checks.add(Check.warn("trust", "trustAnchors が空のため証明書の連鎖を確かめません。J-LIS の利用者証明用ルート証明書を設定してください",
                    "trustAnchors is empty, so certificate chains are not checked; list the J-LIS user-authentication roots"));
            return;
        }
        try {
            TrustAnchors.load(config.trustAnchorPaths(), Optional.empty());
            checks.add(Check.ok("trust", "trustAnchors の証明書 " + config.trustAnchors().size() + " ファイルを読めます",
                    "the " + config.trustAnchors().size() + " trustAnchors file(s) can be read"));
        } catch (StartupException e) {
            checks.add(Check.fail("trust", "trustAnchors を読めません。パスと形式 (PEM/DER) を直してください",
                    "cannot read trustAnchors, fix the path or format (PEM/DER): " + e.getMessage()));
        }
    }

    // ---- pcscd, readers, card --------------------------------------------------------------------

    private void readers(DaemonConfig config) {
        ReaderBackend backend;
        try {
            backend = opener.open(config.backend());
        } catch (StartupException | RuntimeException e) {
            checks.add(Check.fail("pcscd", "PC/SC のライブラリを開けません。sudo apt-get install pcscd libpcsclite1 を実行してください: "
                    + e.getMessage(), "cannot open the PC/SC library; run sudo apt-get install pcscd libpcsclite1"));
            return;
        }
        try (backend) {
            List<ReaderState> readers;
            try {
                readers = backend.readers();
            } catch (PcscException e) {
                pcscdDown(e);
                return;
            }
            checks.add(Check.ok("pcscd", "PC/SC サービスに接続できました (" + backend.id() + ")",
                    "reached the PC/SC service (" + backend.id() + ")"));
            if (readers.isEmpty()) {
                checks.add(Check.fail("readers", "読み取り機が見つかりません。USB をつなぎ直してください(USB CCID の読み取り機には libccid が要ります)",
                        "no card reader found; plug the reader in again (USB CCID readers need libccid)"));
                return;
            }
            int used = 0;
            for (ReaderState r : readers) {
                boolean accepted = config.readers().accepts(r.name());
                used += accepted ? 1 : 0;
                reader(backend, r, accepted);
            }
            if (used == 0) {
                checks.add(Check.fail("readers", "すべての読み取り機が設定の readers.include / exclude で除かれています。設定を直してください",
                        "every reader is left out by readers.include / exclude in the configuration; fix the filter"));
            }
        }
    }

    private void pcscdDown(PcscException e) {
        boolean socket = Files.exists(pcscdSocket);
        if (e.error() == PcscError.NO_SERVICE && socket) {
            checks.add(Check.fail("pcscd", "pcscd は動いていますが接続を断られました。サービスの利用者には polkit の許可が要ります"
                    + "(パッケージの /usr/share/polkit-1/rules.d/60-madoguchi.rules)。sudo madoguchi doctor で確かめてください",
                    "pcscd runs but refused the connection: the service's user needs polkit's permission (the package's "
                            + "/usr/share/polkit-1/rules.d/60-madoguchi.rules); check with sudo madoguchi doctor"));
        } else if (e.error() == PcscError.NO_SERVICE) {
            checks.add(Check.fail("pcscd", "PC/SC サービス (pcscd) に接続できません。sudo systemctl start pcscd.socket を実行してください",
                    "cannot reach the PC/SC service (pcscd); run sudo systemctl start pcscd.socket"));
        } else {
            checks.add(Check.fail("pcscd", "PC/SC サービスがエラーを返しました (" + e.error().code() + ")。sudo systemctl restart pcscd を試してください",
                    "the PC/SC service answered an error (" + e.error().code() + "); try sudo systemctl restart pcscd"));
        }
    }

    private void reader(ReaderBackend backend, ReaderState r, boolean accepted) {
        ReaderKind.Guess kind = ReaderKind.of(r.name(), r.atr());
        String basisJa = switch (kind.basis()) {
            case "atr" -> "(カードの ATR から)";
            case "name" -> "(名前から)";
            default -> "";
        };
        String basisEn = switch (kind.basis()) {
            case "atr" -> " (from the card's ATR)";
            case "name" -> " (from its name)";
            default -> "";
        };
        String filterJa = accepted ? "" : "。設定の readers で除外されています";
        String filterEn = accepted ? "" : "; left out by the readers filter";
        checks.add(Check.ok("reader", "「" + r.name() + "」種類: " + kind.kind().ja() + basisJa + "、カード: "
                        + (r.cardPresent() ? "あり" : "なし") + filterJa,
                "\"" + r.name() + "\" kind: " + kind.kind().en() + basisEn + ", card: "
                        + (r.cardPresent() ? "present" : "none") + filterEn));
        if (r.cardPresent() && accepted) {
            card(backend, r.name());
        }
    }

    /** SELECT of the JPKI AP and the token label: what {@code identify()} does, nothing personal. */
    private void card(ReaderBackend backend, String reader) {
        try (CardConnection connection = backend.connect(reader, ShareMode.SHARED)) {
            pinPad(connection);
            CardIdentity identity = MyNumberCard.over(connection, CardLayout.RSA_2016, new LongAdder()).identify();
            switch (identity.kind()) {
                case MY_NUMBER_CARD -> checks.add(Check.ok("card", "「" + reader + "」の JPKI AP を選択できました: マイナンバーカード",
                        "selected the JPKI AP on the card in \"" + reader + "\": a My Number card"));
                case NOT_JPKI -> checks.add(Check.info("card", "「" + reader + "」のカードには JPKI AP がありません(マイナンバーカードではありません)",
                        "the card in \"" + reader + "\" has no JPKI AP (it is not a My Number card)"));
                default -> checks.add(Check.info("card", "「" + reader + "」のカードは " + identity.kind().code() + " です(JPKI AP は選択できました)",
                        "the card in \"" + reader + "\" is " + identity.kind().code() + " (the JPKI AP answered)"));
            }
            connection.disconnect(Disposition.LEAVE);
        } catch (PcscException e) {
            if (e.error() == PcscError.SHARING_VIOLATION) {
                checks.add(Check.info("card", "「" + reader + "」のカードは他のプログラム(動いている madoguchi など)が使用中です",
                        "the card in \"" + reader + "\" is in use by another program (a running madoguchi?)"));
            } else {
                checks.add(Check.warn("card", "「" + reader + "」のカードと通信できません (" + e.error().code() + ")。置き直してください",
                        "cannot talk to the card in \"" + reader + "\" (" + e.error().code() + "); place it again"));
            }
        } catch (CardException e) {
            checks.add(Check.warn("card", "「" + reader + "」のカードの応答が想定と違います (SW " + String.format("%04X", e.sw())
                    + ")。置き直してください", "the card in \"" + reader + "\" answered unexpectedly (SW "
                    + String.format("%04X", e.sw()) + "); place it again"));
        }
    }

    /** PC/SC part 10: a reader with VERIFY_PIN_DIRECT has a PIN pad. Silent when the reader does not say. */
    private void pinPad(CardConnection connection) {
        try {
            ReaderFeatures features = ReaderFeatures.query(connection);
            if (features.controlCode(ReaderFeatures.Feature.VERIFY_PIN_DIRECT).isPresent()) {
                checks.add(Check.info("reader", "「" + connection.reader() + "」には PIN パッドがあります (PC/SC part 10)",
                        "\"" + connection.reader() + "\" has a PIN pad (PC/SC part 10)"));
            }
        } catch (PcscException | RuntimeException e) {
            // no part 10 support: nothing to say
        }
    }

    // ---- port ----------------------------------------------------------------------------------

    private void port(DaemonConfig config) {
        int port = config.port();
        if (port == 0) {
            checks.add(Check.info("port", "port: 0 のため空いているポートを使います", "port: 0, so any free port is used"));
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(config.listen());
        } catch (IOException e) {
            checks.add(Check.fail("port", "listen のアドレス " + config.listen() + " が分かりません。設定を直してください",
                    "unknown listen address " + config.listen() + "; fix the configuration"));
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, port));
            checks.add(Check.ok("port", config.listen() + ":" + port + " は空いています", config.listen() + ":" + port + " is free"));
        } catch (BindException e) {
            if (isMadoguchi(address, port)) {
                checks.add(Check.ok("port", config.listen() + ":" + port + " では madoguchi が動いています(サービス)",
                        "madoguchi is already running on " + config.listen() + ":" + port + " (the service)"));
            } else {
                checks.add(Check.fail("port", config.listen() + ":" + port + " は他のプログラムが使っています。止めるか設定の port を変えてください"
                                + "(ss -ltnp で確認)", config.listen() + ":" + port + " is taken by another program; stop it or change "
                                + "port in the configuration (see ss -ltnp)"));
            }
        } catch (IOException e) {
            checks.add(Check.fail("port", config.listen() + ":" + port + " で待ち受けできません: " + e.getMessage(),
                    "cannot listen on " + config.listen() + ":" + port + ": " + e.getMessage()));
        }
    }

    /** Whether the program on the port answers {@code /health} as madoguchi does. */
    static boolean isMadoguchi(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            s.setSoTimeout(2000);
            String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress();
            s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String answer = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            return answer.startsWith("HTTP/1.1 200") && answer.contains("\"backend\"") && answer.contains("\"uptimeSeconds\"");
        } catch (IOException e) {
            return false;
        }
    }

    // ---- audit ---------------------------------------------------------------------------------

    private void audit(DaemonConfig config) {
        Optional<Path> path = config.auditPath(false);
        if (path.isEmpty()) {
            checks.add(Check.warn("audit", "監査ファイルが無効です (auditFile: off)。本番では設定してください",
                    "the audit file is off (auditFile: off); set one in production"));
            return;
        }
        Path file = path.get().toAbsolutePath();
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            checks.add(Check.fail("audit", "監査ファイルのディレクトリ " + dir + " がありません。作ってサービスの利用者のものにしてください",
                    "the audit directory " + dir + " does not exist; create it and give it to the service's user"));
            return;
        }
        boolean writable;
        try {
            if (account.isPresent() && !account.get().isCurrentUser()) {
                writable = account.get().canWriteIn(dir)
                        && (!Files.exists(file) || account.get().canRead(file) && Files.isRegularFile(file));
            } else {
                writable = tryWrite(dir);
            }
        } catch (IOException e) {
            writable = false;
        }
        String who = account.map(ServiceAccount::name).orElse(System.getProperty("user.name"));
        if (writable) {
            checks.add(Check.ok("audit", "監査ファイルのディレクトリ " + dir + " に " + who + " が書き込めます",
                    who + " can write the audit directory " + dir));
        } else {
            checks.add(Check.fail("audit", "監査ファイルのディレクトリ " + dir + " に " + who + " が書き込めません。sudo chown -R " + who + ": " + dir
                    + " を実行してください", who + " cannot write the audit directory " + dir + "; run sudo chown -R " + who + ": " + dir));
        }
    }

    private static boolean tryWrite(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".doctor", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    // ---- face engine ---------------------------------------------------------------------------

    private void face() {
        try {
            Class.forName(FACE_ENGINE_CLASS, false, classes);
        } catch (ClassNotFoundException | LinkageError e) {
            checks.add(Check.info("face", "顔認証エンジンは入っていません(顔認証は使えず、暗証番号と目視確認を使います)",
                    "face engine not installed (face verification is not offered; PIN and visual confirmation are)"));
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String f : FACE_MODEL_FILES) {
            if (classes.getResource(FACE_MODEL_DIR + f) == null) {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            checks.add(Check.ok("face", "顔認証エンジンの重み " + FACE_MODEL_FILES.size() + " ファイルがあります",
                    "the face engine's " + FACE_MODEL_FILES.size() + " weight files are present"));
        } else {
            checks.add(Check.fail("face", "顔認証エンジンの重みがありません (" + String.join(", ", missing) + ")。パッケージを入れ直してください",
                    "the face engine's weights are missing (" + String.join(", ", missing) + "); reinstall the package"));
        }
    }

    /** The card-front OCR that reads 照合番号B off the kiosk's camera (libtesseract and its jpn data). */
    private void cardFront(DaemonConfig config) {
        if (config.face().cardCode() == org.madoguchi.daemon.config.FaceConfig.CardCode.TYPED) {
            checks.add(Check.info("cardfront", "照合番号Bは職員が入力します(face.cardCode: typed)",
                    "照合番号B is typed by staff (face.cardCode: typed)"));
            return;
        }
        try (var reader = org.madoguchi.driver.face.ocr.CardFrontReader.open()) {
            checks.add(Check.ok("cardfront", "券面の読み取り(OCR, Tesseract " + reader.engineVersion()
                    + ")を使えます: 照合番号Bはキオスクのカメラで読み取ります", "the card-front OCR (Tesseract "
                    + reader.engineVersion() + ") loads: 照合番号B is read by the kiosk's camera"));
        } catch (org.madoguchi.driver.face.FaceUnavailableException | RuntimeException | LinkageError e) {
            checks.add(Check.warn("cardfront", "券面の読み取り(OCR)を使えないため、照合番号Bは職員が入力します。"
                    + "sudo apt-get install tesseract-ocr-jpn で使えるようになります", "the card-front OCR cannot be"
                    + " loaded, so staff type 照合番号B; sudo apt-get install tesseract-ocr-jpn enables it ("
                    + (e instanceof org.madoguchi.driver.face.FaceUnavailableException ? e.getMessage()
                            : e.getClass().getName()) + ")"));
        }
    }
}
