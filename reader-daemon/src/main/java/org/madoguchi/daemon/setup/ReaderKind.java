package org.madoguchi.daemon.setup;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.madoguchi.driver.apdu.Hex;

/**
 * Whether a reader reads cards by contact or contactless (NFC), as far as PC/SC lets one tell. PC/SC
 * has no standard attribute for it, and the part 10 feature list says nothing about it, so:
 * with a card present, the card's ATR (a contactless card reaches PC/SC as the pseudo-ATR of PC/SC
 * part 3, {@code 3B 8n 80 01 …}); otherwise the reader's name, from a short list of known words;
 * otherwise {@link #UNKNOWN}.
 */
public enum ReaderKind {
    CONTACT("接触", "contact"),
    CONTACTLESS("非接触", "contactless"),
    UNKNOWN("不明", "unknown");

    private static final List<String> CONTACTLESS_WORDS = List.of("picc", "contactless", "nfc", "felica", "pasori",
            "rc-s", "acr122", "mifare", " cl reader", "5022cl", "5422cl");
    private static final List<String> CONTACT_WORDS = List.of(" icc", "scr33", "scr35", "scr3310", "pc twin",
            "au9540", "au9560", "contact reader", " sam ");

    private final String ja;
    private final String en;

    ReaderKind(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String ja() {
        return ja;
    }

    public String en() {
        return en;
    }

    /** What the reader is, with how it was told: {@code atr}, {@code name} or nothing. */
    public record Guess(ReaderKind kind, String basis) {
    }

    public static Guess of(String readerName, Optional<String> atrHex) {
        if (atrHex.isPresent()) {
            byte[] atr = Hex.parse(atrHex.get());
            boolean pseudo = atr.length >= 4 && (atr[0] & 0xFF) == 0x3B && (atr[1] & 0xF0) == 0x80
                    && (atr[2] & 0xFF) == 0x80 && (atr[3] & 0xFF) == 0x01;
            return new Guess(pseudo ? CONTACTLESS : CONTACT, "atr");
        }
        String name = " " + readerName.toLowerCase(Locale.ROOT) + " ";
        if (CONTACTLESS_WORDS.stream().anyMatch(name::contains)) {
            return new Guess(CONTACTLESS, "name");
        }
        if (CONTACT_WORDS.stream().anyMatch(name::contains)) {
            return new Guess(CONTACT, "name");
        }
        return new Guess(UNKNOWN, "");
    }
}
