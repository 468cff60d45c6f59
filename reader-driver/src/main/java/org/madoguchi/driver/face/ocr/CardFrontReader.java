package org.madoguchi.driver.face.ocr;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.face.ocr.CardFrontReading.Read;
import org.madoguchi.driver.face.ocr.CardFrontReading.Refusal;
import org.madoguchi.driver.face.ocr.CardFrontReading.Refused;
import org.madoguchi.driver.face.ocr.FrontFields.PrintedDate;

/**
 * Reads 照合番号B off a camera image of a マイナンバーカード front, offline: finds the card, maps it
 * flat, reads the birth date, the expiry date and the security code with Tesseract (Debian's
 * libtesseract, {@code jpn}) from the image resampled at two scales (a third when those two do not
 * settle a field), checks the security code with a second recogniser (Tesseract's {@code eng}
 * model), and returns one validated reading only if every field is given by two confident reads and
 * contradicted by none, the second recogniser agrees on the code, the dates are real and they fit
 * together; anything else is a typed refusal. A field that would be refused is first read again from
 * deblurred line images and judged by a stricter rule ({@link #retry}). Nothing read is logged or kept: the pixels and the
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

    /** Every field is read from the camera image resampled at 40 and at 52 px per em ... */
    private static final double[] EM_PX = {40, 52};
    /**
     * ... and, when those two do not settle it, once more at 46; then, if still nothing speaks
     * against a value but too few reads give it, from sharpened line images at 40 and 52, and
     * sharpened and locally stretched ones (see {@link LineImage}).
     */
    private static final double EM_TIEBREAK = 46;
    /** The retry's scales (see {@link #retry}). */
    private static final double[] EM_RETRY = {34, 40, 46, 52};

    private final Tesseract tesseract;
    /** Tesseract's {@code eng} model: a second, independently trained recogniser for the security code. */
    private final Tesseract digits;
    private final Options options;

    private CardFrontReader(Tesseract tesseract, Tesseract digits, Options options) {
        this.tesseract = tesseract;
        this.digits = digits;
        this.options = options;
    }

    /** With {@link Options#defaults()}. */
    public static CardFrontReader open() throws FaceUnavailableException {
        return open(Options.defaults());
    }

    /**
     * Loads libtesseract and its language data ({@code jpn}, and {@code eng} for the security code's
     * second read); either missing: {@link FaceUnavailableException}.
     */
    public static CardFrontReader open(Options options) throws FaceUnavailableException {
        Tesseract jpn = Tesseract.load(options.tessdata(), options.engines());
        try {
            return new CardFrontReader(jpn, Tesseract.load(options.tessdata(), options.engines(), "eng"), options);
        } catch (FaceUnavailableException | RuntimeException e) {
            jpn.close();
            throw e;
        }
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
        List<Take> takes = new ArrayList<>();
        try {
            double[] corners = CardLocator.locate(grey);
            if (corners == null) {
                return new Refused(Refusal.CARD_NOT_FOUND);
            }
            if (pixelsPerMm(corners) < MIN_PX_PER_MM) {
                return new Refused(Refusal.IMAGE_TOO_SMALL);
            }
            Rectifier[] ways = orientations(grey, corners);
            if (ways == null) {
                return new Refused(Refusal.CARD_NOT_FOUND);
            }
            // The likelier way up first; the other only if the first gives no birth line and the
            // other does (a line upside down does not parse as a date, so this never yields two
            // candidate readings). Neither: the likelier way, where the later reads may succeed.
            Rectifier card = ways[0];
            Take first = take(card, FrontLayout.BIRTH, EM_PX[0], LineImage.PLAIN);
            takes.add(first);
            if (!first.parsed()) {
                Take other = take(ways[1], FrontLayout.BIRTH, EM_PX[0], LineImage.PLAIN);
                takes.add(other);
                if (other.parsed()) {
                    card = ways[1];
                    first = other;
                }
            }
            FrontLayout.Band[] bands = {FrontLayout.BIRTH, FrontLayout.EXPIRY, FrontLayout.SECURITY_CODE};
            Take[] fields = new Take[3];
            for (int f = 0; f < 3; f++) {
                List<Take> reads = new ArrayList<>();
                if (f == 0) {
                    reads.add(first);
                }
                for (double em : f == 0 ? new double[] {EM_PX[1]} : EM_PX) {
                    reads.add(take(card, bands[f], em, LineImage.PLAIN));
                }
                takes.addAll(reads);
                fields[f] = settled(reads);
                if (fields[f] == null) {
                    Take tie = take(card, bands[f], EM_TIEBREAK, LineImage.PLAIN);
                    reads.add(tie);
                    takes.add(tie);
                    fields[f] = settled(reads);
                }
                // Not settled, yet nothing against: too few reads parsed or cleared the bars (blur,
                // a highlight). The sharpened line images may give the missing reads.
                int k = 0;
                for (; fields[f] == null && !disagree(reads) && k < 2 * EM_PX.length; k++) {
                    int way = k < EM_PX.length ? LineImage.SHARPENED : LineImage.SHARPENED_LOCAL;
                    Take sharp = take(card, bands[f], EM_PX[k % EM_PX.length], way);
                    reads.add(sharp);
                    takes.add(sharp);
                    fields[f] = settled(reads);
                }
                boolean retried = false;
                if (fields[f] == null) {
                    // About to refuse: the retry reads, under the stricter rule of settledOnRetry.
                    Refusal no = disagree(reads) ? Refusal.INCONSISTENT : Refusal.UNREADABLE;
                    fields[f] = retry(card, bands[f], reads, takes);
                    retried = true;
                    if (fields[f] == null) {
                        return new Refused(no);
                    }
                }
                // The second recogniser on the code: on the images read so far, then on the
                // sharpened ones not read yet (whose jpn reads must still agree). No image is read
                // twice: two reads of one image are not two reads.
                for (; f == 2 && !retried && !secondReaderAgrees(reads, fields[2]) && k < EM_PX.length; k++) {
                    Take sharp = take(card, bands[f], EM_PX[k], LineImage.SHARPENED);
                    reads.add(sharp);
                    takes.add(sharp);
                    fields[f] = settled(reads);
                    if (fields[f] == null) {
                        return new Refused(disagree(reads) ? Refusal.INCONSISTENT : Refusal.UNREADABLE);
                    }
                }
                if (f == 2 && !retried && !secondReaderAgrees(reads, fields[2])) {
                    fields[f] = retry(card, bands[f], reads, takes);
                    if (fields[f] == null) {
                        return new Refused(disagree(reads) ? Refusal.INCONSISTENT : Refusal.UNREADABLE);
                    }
                }
                if (f == 2 && !secondReaderAgrees(reads, fields[2])) {
                    return new Refused(Refusal.UNREADABLE);
                }
            }
            return decide(fields[0].date(), fields[1].date(), fields[2].code());
        } finally {
            for (Take t : takes) {
                t.wipe();
            }
            grey.wipe();
        }
    }

    /**
     * The least pixels per millimetre of card (its long sides' mean length over 85.6 mm) worth
     * reading: below it the security code's digits are under about 12 px high, and a read is a guess.
     */
    static final double MIN_PX_PER_MM = 4.0;

    static double pixelsPerMm(double[] corners) {
        return (Geometry.side(corners, 0) + Geometry.side(corners, 2)) / 2 / FrontLayout.WIDTH_MM;
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

    /**
     * One read of one field at one scale: the date or the code it parses to (or neither), whether
     * every symbol clears its confidence bar, and for the code what the second recogniser read (four
     * digits, or null).
     */
    record Take(PrintedDate date, char[] code, boolean confident, char[] second, double em) {
        static final Take NONE = new Take(null, null, false, null, 0);

        boolean parsed() {
            return date != null || code != null;
        }

        boolean same(Take o) {
            return date != null ? o.date != null && date.sameDate(o.date) : code != null && Arrays.equals(code, o.code);
        }

        void wipe() {
            if (code != null) {
                Arrays.fill(code, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }

    /**
     * The value that confident reads at two different scales give, provided no read parses to
     * another (a low-confidence read that disagrees still counts against); null otherwise. Two reads
     * at one scale (a sharpened image and the same one locally stretched) are nearly one image, and
     * were seen to drop the same digit (「30日」 read 「0日」 by both), so they count once.
     */
    static Take settled(List<Take> reads) {
        if (disagree(reads)) {
            return null;
        }
        Take agreed = null;
        for (Take t : reads) {
            if (t.parsed() && t.confident()) {
                agreed = t;
            }
        }
        return agreed != null && scales(reads, agreed) >= 2 ? agreed : null;
    }

    /** How many different scales the confident reads giving {@code value} were read at. */
    static int scales(List<Take> reads, Take value) {
        List<Double> seen = new ArrayList<>();
        for (Take t : reads) {
            if (t.parsed() && t.confident() && t.same(value) && !seen.contains(t.em())) {
                seen.add(t.em());
            }
        }
        return seen.size();
    }

    /**
     * The retry for a field that the reads above leave unsettled, run only when the photograph would
     * otherwise be refused: unless the reads so far already disagree in a way other than a dropped
     * digit ({@link #explainingValue}), the field is read from the {@link LineImage#DEBLURRED} and
     * {@link LineImage#DEBLURRED_MORE} images at every scale of {@link #EM_RETRY} — all of them,
     * without stopping at the first agreement, so that every one of them can speak against — and
     * judged by {@link #settledOnRetry}. Null: refuse.
     */
    private Take retry(Rectifier card, FrontLayout.Band b, List<Take> reads, List<Take> takes) throws FaceUnavailableException {
        boolean code = b == FrontLayout.SECURITY_CODE;
        if (anyParsed(reads) && explainingValue(reads, code) == null) {
            return null;
        }
        for (int way : new int[] {LineImage.DEBLURRED, LineImage.DEBLURRED_MORE}) {
            for (double em : EM_RETRY) {
                Take t = take(card, b, em, way);
                reads.add(t);
                takes.add(t);
            }
        }
        return settledOnRetry(reads, code);
    }

    /**
     * The rule after the retry reads, stricter than {@link #settled} in the number of agreeing reads:
     * a value that confident reads at {@link #RETRY_AGREEING} or more different scales give, and
     * every other read that parses gives the same value — except, for a date, a read that is that value with digits
     * dropped ({@link #droppedDigits}: the same era, each number the same or with one of its digits
     * missing, as in 「平成22年」 read as 「平成 2年」), a known failure of the line recogniser that
     * never produced the reverse (a digit added) on the benchmark's photographs. Such reads still
     * count against: the agreeing confident reads must outnumber them. Any other disagreement, on
     * any field, refuses. Null: not settled.
     */
    static Take settledOnRetry(List<Take> reads, boolean code) {
        Take value = explainingValue(reads, code);
        if (value == null) {
            return null;
        }
        int agreeing = 0;
        int dropped = 0;
        for (Take t : reads) {
            if (t.parsed() && t.same(value)) {
                agreeing += t.confident() ? 1 : 0;
            } else if (t.parsed()) {
                dropped++;
            }
        }
        return scales(reads, value) >= RETRY_AGREEING && agreeing > dropped ? value : null;
    }

    /** At least this many confident reads, at as many different scales, must agree on a value settled by the retry. */
    static final int RETRY_AGREEING = 3;

    /**
     * The parsed value that every parsed read gives, or (dates only, when not {@code code}) gives
     * with digits dropped; preferring one read by a confident read. Null when there is none (a real
     * disagreement) or nothing parsed.
     */
    static Take explainingValue(List<Take> reads, boolean code) {
        Take found = null;
        for (Take a : reads) {
            if (!a.parsed() || found != null && a.same(found)) {
                continue;
            }
            boolean explains = true;
            for (Take t : reads) {
                if (t.parsed() && !t.same(a) && (code || t.date() == null || !droppedDigits(t.date(), a.date()))) {
                    explains = false;
                    break;
                }
            }
            if (explains && (found == null || a.confident() && !found.confident())) {
                found = a;
            }
        }
        return found;
    }

    /**
     * Whether {@code shorter} is {@code full} with digits dropped: the same era, and each of year,
     * month and day either the same number or that number with one of its digits missing (22 → 2,
     * 17 → 1, 30 → 0), at least one of them so.
     */
    static boolean droppedDigits(PrintedDate shorter, PrintedDate full) {
        if (shorter.era() != full.era()) {
            return false;
        }
        int[] s = {shorter.year(), shorter.month(), shorter.day()};
        int[] f = {full.year(), full.month(), full.day()};
        boolean any = false;
        for (int i = 0; i < 3; i++) {
            if (s[i] != f[i]) {
                if (!oneDigitDropped(s[i], f[i])) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** Whether the decimal digits of {@code shorter} are those of {@code full} with exactly one removed. */
    static boolean oneDigitDropped(int shorter, int full) {
        String f = Integer.toString(full);
        String s = Integer.toString(shorter);
        if (shorter < 0 || full < 0 || s.length() != f.length() - 1) {
            return false;
        }
        for (int k = 0; k < f.length(); k++) {
            if (s.equals(f.substring(0, k) + f.substring(k + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyParsed(List<Take> reads) {
        for (Take t : reads) {
            if (t.parsed()) {
                return true;
            }
        }
        return false;
    }

    private static boolean disagree(List<Take> reads) {
        Take seen = null;
        for (Take t : reads) {
            if (t.parsed()) {
                if (seen != null && !seen.same(t)) {
                    return true;
                }
                seen = seen == null ? t : seen;
            }
        }
        return false;
    }

    /**
     * The security code has no cross-check on the card (the dates have the birthday rule and the
     * calendar), so a second recogniser, trained apart from the first, must read the same four digits
     * from at least one of the line images the agreeing reads came from.
     */
    private static boolean secondReaderAgrees(List<Take> reads, Take code) {
        for (Take t : reads) {
            if (t.same(code) && t.second() != null && Arrays.equals(t.second(), code.code())) {
                return true;
            }
        }
        return false;
    }

    private Take take(Rectifier card, FrontLayout.Band b, double emPx, int way) throws FaceUnavailableException {
        double pxPerMm = emPx / b.em();
        GreyImage band = card.sample(b.x(), b.y(), b.w(), b.h(), pxPerMm);
        LineImage img = LineImage.prepare(band, (int) Math.round(emPx * 0.6), way);
        band.wipe();
        if (img == null) {
            return Take.NONE;
        }
        Symbols s = null;
        Symbols second = null;
        try {
            s = tesseract.recognizeLine(img.pixels, img.width, img.height, b.whitelist());
            if (b == FrontLayout.SECURITY_CODE) {
                char[] code = new char[4];
                float conf = FrontFields.securityCode(s, code);
                if (conf < 0) {
                    Arrays.fill(code, '\0');
                    return Take.NONE;
                }
                second = digits.recognizeLine(img.pixels, img.width, img.height, FrontLayout.DIGITS);
                char[] other = new char[4];
                if (FrontFields.securityCode(second, other) < 0) {
                    Arrays.fill(other, '\0');
                    other = null;
                }
                return new Take(null, code, conf >= options.minConfidence(), other, emPx);
            }
            PrintedDate d = b == FrontLayout.BIRTH ? FrontFields.birth(s) : FrontFields.expiry(s);
            if (d == null) {
                return Take.NONE;
            }
            return new Take(d, null, d.confidence() >= options.minConfidence() && d.shortConfidence() >= options.shortConfidence(), null,
                    emPx);
        } finally {
            if (s != null) {
                s.wipe();
            }
            if (second != null) {
                second.wipe();
            }
            img.wipe();
        }
    }

    /** The settled fields checked against the calendar and each other, then 照合番号B. */
    private CardFrontReading decide(PrintedDate pb, PrintedDate pe, char[] code) {
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
        System.arraycopy(code, 0, out, 10, 4);
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

    @Override
    public void close() {
        tesseract.close();
        digits.close();
    }
}
