package org.madoguchi.driver.face.ocr;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link CardFrontReader#read(byte[])} gives for one image: one validated reading, or a typed
 * refusal. Never a second guess: an image that does not read cleanly is refused, since a wrong
 * 照合番号B spends one of the card's tries.
 */
public sealed interface CardFrontReading {

    /**
     * A validated reading. {@code verificationCodeB} is the 14 ASCII digits; the caller owns the
     * array and zeroes it ({@link #wipe()}) after the VERIFY. {@code masked} is what may be shown.
     */
    record Read(char[] verificationCodeB, MaskedFront masked) implements CardFrontReading {
        public Read {
            Objects.requireNonNull(verificationCodeB);
            Objects.requireNonNull(masked);
            if (verificationCodeB.length != 14) {
                throw new IllegalArgumentException("照合番号B is 14 digits");
            }
        }

        /** Overwrites the digits. */
        public void wipe() {
            Arrays.fill(verificationCodeB, '\0');
        }

        /** The masked form only; never the digits. */
        @Override
        public String toString() {
            return "Read[" + masked.displayEn() + "]";
        }
    }

    /** The image was refused; nothing was read from it that may be used. */
    record Refused(Refusal reason) implements CardFrontReading {
        public Refused {
            Objects.requireNonNull(reason);
        }

        /** Japanese, then English. */
        public String message() {
            return reason.message();
        }
    }

    /** Why an image gave no reading. */
    enum Refusal {
        NOT_AN_IMAGE("画像として読めません (JPEG か PNG)", "not a readable image (JPEG or PNG)"),
        IMAGE_TOO_LARGE("画像が大きすぎます", "the image is too large"),
        IMAGE_TOO_SMALL("画像が小さすぎます", "the image is too small"),
        CARD_NOT_FOUND("カードが見つかりません。カードの表面全体を写してください",
                "no card found: show the whole front of the card"),
        UNREADABLE("券面の文字を確実に読めません。明るい場所で、反射を避けて写してください",
                "the card's text could not be read with certainty: try brighter light and no reflections"),
        INVALID_DATE("読み取った日付が正しくありません", "a date read from the card is not a valid date"),
        INCONSISTENT("読み取った内容が食い違っています", "what was read from the card is inconsistent");

        private final String ja;
        private final String en;

        Refusal(String ja, String en) {
            this.ja = ja;
            this.en = en;
        }

        public String ja() {
            return ja;
        }

        public String en() {
            return en;
        }

        /** {@code 日本語 / English}. */
        public String message() {
            return ja + " / " + en;
        }
    }
}
