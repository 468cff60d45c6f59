package org.madoguchi.driver.face.ocr;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.temporal.ChronoField;
import java.util.Objects;

import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.face.ocr.CardFrontReading.Read;
import org.madoguchi.driver.face.ocr.CardFrontReading.Refusal;
import org.madoguchi.driver.face.ocr.CardFrontReading.Refused;
import org.madoguchi.driver.face.ocr.FrontFields.PrintedDate;

/**
 * Reads 照合番号B off a camera image of a マイナンバーカード front, offline: finds the card, maps it
 * flat, reads the birth date, the expiry date and the security code with Tesseract (Debian's
 * libtesseract, {@code jpn}) twice, from the image resampled at two scales, and returns one validated
 * reading only if both reads agree, every symbol is confident, the dates are real and they fit
 * together; anything else is a typed refusal. Nothing read is logged or kept: the pixels and the
 * symbols are overwritten before {@link #read} returns. Thread-safe; {@link Options#engines()} reads
 * run at once.
 */
public final class CardFrontReader implements AutoCloseable {

    /**
     * @param tessdata      the folder with {@code jpn.traineddata}; null: TESSDATA_PREFIX, then Debian's places
     * @param engines       Tesseract engines, that is reads at once (each holds the model, about 20 MB)
     * @param minConfidence the lowest symbol confidence (0–100) accepted for the security code, the
     *                      4-digit years, the era and 年月日
     * @param shortConfidence the lowest for the space-padded short numbers (an era's year, months,
     *                      days), whose right single digits Tesseract scores low; they rely on the two
     *                      reads agreeing, on the date checks and, on 和暦 cards, on the birth line's
     *                      month and day matching the expiry line's
     * @param clock         today, for the date checks
     */
    public record Options(Path tessdata, int engines, float minConfidence, float shortConfidence, Clock clock) {
        public Options {
            Objects.requireNonNull(clock);
            if (engines < 1 || engines > 16) {
                throw new IllegalArgumentException("engines: 1–16");
            }
        }

        public static Options defaults() {
            return new Options(null, 1, 60f, 20f, Clock.system(ZoneId.of("Asia/Tokyo")));
        }

        public Options withEngines(int n) {
            return new Options(tessdata, n, minConfidence, shortConfidence, clock);
        }

        public Options withClock(Clock c) {
            return new Options(tessdata, engines, minConfidence, shortConfidence, c);
        }

        public Options withTessdata(Path dir) {
            return new Options(dir, engines, minConfidence, shortConfidence, clock);
        }

        public Options withConfidence(float min, float shortNumbers) {
            return new Options(tessdata, engines, min, shortNumbers, clock);
        }
    }

    /** Two reads of every field, from the camera image resampled at 40 and at 52 px per em. */
    private static final double[] EM_PX = {40, 52};

    private final Tesseract tesseract;
    private final Options options;

    private CardFrontReader(Tesseract tesseract, Options options) {
        this.tesseract = tesseract;
        this.options = options;
    }

    /** With {@link Options#defaults()}. */
    public static CardFrontReader open() throws FaceUnavailableException {
        return open(Options.defaults());
    }

    /** Loads libtesseract and its language data; either missing: {@link FaceUnavailableException}. */
    public static CardFrontReader open(Options options) throws FaceUnavailableException {
        return new CardFrontReader(Tesseract.load(options.tessdata(), options.engines()), options);
    }

    /** The engine, e.g. {@code 5.3.0}. */
    public String engineVersion() {
        return tesseract.version();
    }

    /**
     * One reading or one refusal for a JPEG or PNG image of the card front.
     *
     * @throws FaceUnavailableException only when the reader is closed or the thread interrupted
     */
    public CardFrontReading read(byte[] image) throws FaceUnavailableException {
        tesseract.ensureOpen();
        ImageInput.Decoded decoded = ImageInput.decode(image);
        if (decoded.refusal() != null) {
            return new Refused(decoded.refusal());
        }
        GreyImage grey = decoded.image();
        try {
            double[] corners = CardLocator.locate(grey);
            if (corners == null) {
                return new Refused(Refusal.CARD_NOT_FOUND);
            }
            Rectifier[] ways = orientations(grey, corners);
            if (ways == null) {
                return new Refused(Refusal.CARD_NOT_FOUND);
            }
            // The likelier way up first; the other only if the first gives no fields (a line upside
            // down does not parse as a date, so this never yields two candidate readings).
            Fields[] passes = new Fields[EM_PX.length];
            Rectifier card = null;
            for (Rectifier way : ways) {
                passes[0] = readFields(way, EM_PX[0]);
                if (passes[0] != null) {
                    card = way;
                    break;
                }
            }
            if (card == null) {
                return new Refused(Refusal.UNREADABLE);
            }
            for (int p = 1; p < EM_PX.length; p++) {
                passes[p] = readFields(card, EM_PX[p]);
                if (passes[p] == null) {
                    wipeAll(passes);
                    return new Refused(Refusal.UNREADABLE);
                }
            }
            try {
                return decide(passes[0], passes[1]);
            } finally {
                wipeAll(passes);
            }
        } finally {
            grey.wipe();
        }
    }

    /**
     * The card the right way up: the photo side is the darker one (compared at the 30th percentile,
     * where the text side shows its white ground and the photo its hair and clothes, even under a
     * highlight): that way first, then the other. Null when the corners make no projective map.
     */
    static Rectifier[] orientations(GreyImage grey, double[] corners) {
        double[] turned = new double[8];
        for (int i = 0; i < 8; i++) {
            turned[i] = corners[(i + 4) % 8];
        }
        Rectifier r = Rectifier.of(grey, corners);
        Rectifier t = Rectifier.of(grey, turned);
        if (r == null || t == null) {
            return null;
        }
        double[] p = FrontLayout.PHOTO;
        double photo = r.percentile(p[0], p[1], p[2], p[3], 0.3);
        double mirror = r.percentile(FrontLayout.WIDTH_MM - p[0] - p[2], FrontLayout.HEIGHT_MM - p[1] - p[3], p[2], p[3], 0.3);
        return mirror >= photo ? new Rectifier[] {r, t} : new Rectifier[] {t, r};
    }

    /** One pass over the three fields. */
    private record Fields(PrintedDate birth, PrintedDate expiry, char[] code, float codeConfidence) {
        float confidence() {
            return Math.min(codeConfidence, Math.min(birth.confidence(), expiry.confidence()));
        }

        float shortConfidence() {
            return Math.min(birth.shortConfidence(), expiry.shortConfidence());
        }
    }

    private Fields readFields(Rectifier card, double emPx) throws FaceUnavailableException {
        Symbols birthSymbols = line(card, FrontLayout.BIRTH, emPx);
        Symbols expirySymbols = null;
        Symbols codeSymbols = null;
        try {
            PrintedDate birth = birthSymbols == null ? null : FrontFields.birth(birthSymbols);
            if (birth == null) {
                return null;
            }
            expirySymbols = line(card, FrontLayout.EXPIRY, emPx);
            PrintedDate expiry = expirySymbols == null ? null : FrontFields.expiry(expirySymbols);
            if (expiry == null) {
                return null;
            }
            codeSymbols = line(card, FrontLayout.SECURITY_CODE, emPx);
            char[] code = new char[4];
            float codeConf = codeSymbols == null ? -1 : FrontFields.securityCode(codeSymbols, code);
            if (codeConf < 0) {
                java.util.Arrays.fill(code, '\0');
                return null;
            }
            return new Fields(birth, expiry, code, codeConf);
        } finally {
            for (Symbols s : new Symbols[] {birthSymbols, expirySymbols, codeSymbols}) {
                if (s != null) {
                    s.wipe();
                }
            }
        }
    }

    private Symbols line(Rectifier card, FrontLayout.Band b, double emPx)
            throws FaceUnavailableException {
        double pxPerMm = emPx / b.em();
        GreyImage band = card.sample(b.x(), b.y(), b.w(), b.h(), pxPerMm);
        LineImage img = LineImage.prepare(band, (int) Math.round(emPx * 0.6));
        band.wipe();
        if (img == null) {
            return null;
        }
        try {
            return tesseract.recognizeLine(img.pixels, img.width, img.height, b.whitelist());
        } finally {
            img.wipe();
        }
    }

    private CardFrontReading decide(Fields a, Fields b) {
        if (!a.birth().sameDate(b.birth()) || !a.expiry().sameDate(b.expiry())
                || !java.util.Arrays.equals(a.code(), b.code())) {
            return new Refused(Refusal.INCONSISTENT);
        }
        if (Math.min(a.confidence(), b.confidence()) < options.minConfidence()
                || Math.min(a.shortConfidence(), b.shortConfidence()) < options.shortConfidence()) {
            return new Refused(Refusal.UNREADABLE);
        }
        PrintedDate pb = a.birth();
        PrintedDate pe = a.expiry();
        LocalDate today = LocalDate.now(options.clock());
        LocalDate birth;
        LocalDate expiry;
        try {
            birth = pb.era() == FrontFields.WESTERN ? LocalDate.of(pb.year(), pb.month(), pb.day())
                    : LocalDate.from(JapaneseDate.of(JapaneseEra.of(pb.era()), pb.year(), pb.month(), pb.day()));
            expiry = LocalDate.of(pe.year(), pe.month(), pe.day());
        } catch (DateTimeException e) {
            return new Refused(Refusal.INVALID_DATE);
        }
        if (birth.isAfter(today) || birth.isBefore(today.minusYears(130)) || pe.year() < 2016
                || pe.year() > today.getYear() + 11) {
            return new Refused(Refusal.INVALID_DATE);
        }
        if (!expiry.isAfter(birth)) {
            return new Refused(Refusal.INCONSISTENT);
        }
        // A Japanese national's card runs to a birthday (10th or 5th after issue); a foreign
        // resident's may end with the period of stay, so the check is for 和暦 cards only.
        if (pb.era() != FrontFields.WESTERN && !birthday(birth, expiry)) {
            return new Refused(Refusal.INCONSISTENT);
        }
        JapaneseDate j = JapaneseDate.from(birth);
        char[] out = new char[14];
        put(out, 0, j.get(ChronoField.YEAR_OF_ERA), 2);
        put(out, 2, birth.getMonthValue(), 2);
        put(out, 4, birth.getDayOfMonth(), 2);
        put(out, 6, expiry.getYear(), 4);
        System.arraycopy(a.code(), 0, out, 10, 4);
        String era = pb.era() == FrontFields.WESTERN ? "西暦" : eraName(pb.era());
        return new Read(out, new MaskedFront(era, pb.year(), expiry.getYear()));
    }

    private static boolean birthday(LocalDate birth, LocalDate expiry) {
        if (birth.getMonthValue() == 2 && birth.getDayOfMonth() == 29) {
            return expiry.getMonthValue() == 2 && expiry.getDayOfMonth() >= 28
                    || expiry.getMonthValue() == 3 && expiry.getDayOfMonth() == 1;
        }
        return birth.getMonthValue() == expiry.getMonthValue() && birth.getDayOfMonth() == expiry.getDayOfMonth();
    }

    private static String eraName(int era) {
        return switch (era) {
            case -1 -> "明治";
            case 0 -> "大正";
            case 1 -> "昭和";
            case 2 -> "平成";
            default -> "令和";
        };
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int k = width - 1; k >= 0; k--) {
            out[at + k] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static void wipeAll(Fields[] passes) {
        for (Fields f : passes) {
            if (f != null) {
                java.util.Arrays.fill(f.code(), '\0');
            }
        }
    }

    @Override
    public void close() {
        tesseract.close();
    }
}
