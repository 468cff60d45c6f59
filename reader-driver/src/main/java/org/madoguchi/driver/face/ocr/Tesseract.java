package org.madoguchi.driver.face.ocr;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.madoguchi.driver.face.FaceUnavailableException;

/**
 * Debian's libtesseract through {@link TessApi}: a fixed pool of initialised engines (one per
 * concurrent read; an engine is not thread-safe), each loaded with the {@code jpn} model. Missing
 * library or language data is {@link FaceUnavailableException}, never an {@link Error}.
 */
final class Tesseract implements AutoCloseable {
    static final String LANGUAGE = "jpn";
    private static final String[] LIBRARY_NAMES = {"tesseract", "libtesseract.so.5", "libtesseract.so.4"};
    private static final String[] DATA_DIRS = {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata", "/usr/local/share/tessdata"};

    private final TessApi api;
    private final String language;
    private final BlockingQueue<Pointer> pool;
    private final List<Pointer> all = new ArrayList<>();
    private final String version;
    private volatile boolean closed;

    private Tesseract(TessApi api, String dataDir, String language, int engines) throws FaceUnavailableException {
        this.api = api;
        this.language = language;
        this.version = api.TessVersion();
        this.pool = new ArrayBlockingQueue<>(engines);
        for (int i = 0; i < engines; i++) {
            Pointer h = api.TessBaseAPICreate();
            if (h == null || api.TessBaseAPIInit3(h, dataDir, language) != 0) {
                if (h != null) {
                    api.TessBaseAPIDelete(h);
                }
                close();
                throw new FaceUnavailableException("OCR の言語データ " + language + " を読み込めません (" + dataDir + ") / Tesseract could "
                        + "not load its language data '" + language + "' from " + dataDir);
            }
            api.TessBaseAPISetPageSegMode(h, TessApi.PSM_SINGLE_LINE);
            api.TessBaseAPISetVariable(h, "user_defined_dpi", "300");
            api.TessBaseAPISetVariable(h, "debug_file", "/dev/null");
            all.add(h);
            pool.add(h);
        }
    }

    /** Loads the library and {@code engines} {@code jpn} engines; {@code dataDir} null: the usual Debian places. */
    static Tesseract load(Path dataDir, int engines) throws FaceUnavailableException {
        return load(dataDir, engines, LANGUAGE);
    }

    /**
     * Loads the library and {@code engines} engines of {@code language} ({@code jpn}, or {@code eng}
     * for the digit check); {@code dataDir} null: the usual Debian places.
     */
    static Tesseract load(Path dataDir, int engines, String language) throws FaceUnavailableException {
        Path dir = dataDir != null ? dataDir : findDataDir();
        if (dir == null || !Files.isRegularFile(dir.resolve(language + ".traineddata"))) {
            String pkg = "tesseract-ocr-" + language;
            throw new FaceUnavailableException("OCR の言語データ " + language + " がありません (apt-get install " + pkg + ") / Tesseract "
                    + "language data '" + language + "' is missing (apt-get install " + pkg + ")"
                    + (dir != null ? ": " + dir : ""));
        }
        TessApi api = null;
        Throwable last = null;
        for (String name : LIBRARY_NAMES) {
            try {
                api = Native.load(name, TessApi.class);
                break;
            } catch (LinkageError e) {
                last = e;
            }
        }
        if (api == null) {
            throw new FaceUnavailableException("OCR ライブラリ (libtesseract) がありません (apt-get install tesseract-ocr) / "
                    + "the OCR library libtesseract is missing (apt-get install tesseract-ocr)", last);
        }
        return new Tesseract(api, dir.toString(), language, Math.max(1, engines));
    }

    private static Path findDataDir() {
        String prefix = System.getenv("TESSDATA_PREFIX");
        if (prefix != null && !prefix.isBlank() && Files.isRegularFile(Path.of(prefix, LANGUAGE + ".traineddata"))) {
            return Path.of(prefix);
        }
        for (String d : DATA_DIRS) {
            if (Files.isRegularFile(Path.of(d, LANGUAGE + ".traineddata"))) {
                return Path.of(d);
            }
        }
        return null;
    }

    String version() {
        return version;
    }

    /**
     * Recognises one line of 8-bit grey pixels (dark text on light), restricted to {@code whitelist}.
     * The native copy of the pixels and every returned string are overwritten before they are freed.
     */
    Symbols recognizeLine(byte[] grey, int width, int height, String whitelist) throws FaceUnavailableException {
        Pointer h = take();
        Memory pixels = new Memory(grey.length);
        Symbols out = new Symbols(64);
        try {
            pixels.write(0, grey, 0, grey.length);
            api.TessBaseAPISetVariable(h, "tessedit_char_whitelist", whitelist);
            api.TessBaseAPISetImage(h, pixels, width, height, 1, width);
            if (api.TessBaseAPIRecognize(h, null) != 0) {
                return out;
            }
            Pointer it = api.TessBaseAPIGetIterator(h);
            if (it == null) {
                return out;
            }
            try {
                do {
                    Pointer text = api.TessResultIteratorGetUTF8Text(it, TessApi.RIL_SYMBOL);
                    if (text == null) {
                        continue;
                    }
                    float conf = api.TessResultIteratorConfidence(it, TessApi.RIL_SYMBOL);
                    byte[] utf8 = text.getByteArray(0, (int) text.indexOf(0, (byte) 0));
                    text.setMemory(0, utf8.length, (byte) 0);
                    api.TessDeleteText(text);
                    decodeInto(utf8, conf, out);
                    java.util.Arrays.fill(utf8, (byte) 0);
                } while (api.TessResultIteratorNext(it, TessApi.RIL_SYMBOL) != 0);
            } finally {
                api.TessResultIteratorDelete(it);
            }
            return out;
        } finally {
            api.TessBaseAPIClear(h);
            pixels.clear();
            pixels.close();
            pool.add(h);
        }
    }

    /** One symbol is one BMP character here (digits, kana, kanji); anything longer is kept as U+FFFD. */
    private static void decodeInto(byte[] utf8, float conf, Symbols out) {
        if (utf8.length == 0) {
            return;
        }
        java.nio.CharBuffer cb = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(utf8));
        char[] c = cb.array();
        out.add(cb.remaining() == 1 ? c[cb.position()] : '\uFFFD', conf);
        java.util.Arrays.fill(c, '\0');
    }

    void ensureOpen() throws FaceUnavailableException {
        if (closed) {
            throw new FaceUnavailableException("OCR は終了しています / the OCR engine is closed");
        }
    }

    private Pointer take() throws FaceUnavailableException {
        ensureOpen();
        try {
            return pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaceUnavailableException("OCR が中断されました / OCR interrupted", e);
        }
    }

    /** Waits (up to 10 s each) for engines in use to come back, then frees them all. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < all.size(); i++) {
            try {
                Pointer h = pool.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                if (h != null) {
                    api.TessBaseAPIEnd(h);
                    api.TessBaseAPIDelete(h);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        all.clear();
    }
}
