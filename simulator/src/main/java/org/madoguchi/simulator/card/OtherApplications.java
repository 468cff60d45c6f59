package org.madoguchi.simulator.card;

import java.util.List;

import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.simulator.card.ElementaryFile.ReadAccess;

/**
 * 共通AP and 住基AP (docs/card.md §4), present as the card has them. Their 住民基本台帳用 PINs are
 * keys with no value (nothing of ours uses them). Not simulated: INTERNAL AUTHENTICATE with the
 * 共通AP key 0019 and JICSAP CHANGE KEY ({@code 80 32}).
 */
public final class OtherApplications {
    public static final String COMMON = "common";
    public static final String JUKI = "juki";
    public static final byte[] COMMON_AID = Hex.parse("D3 92 10 00 31 00 01 01 01 00");
    public static final byte[] JUKI_AID = Hex.parse("D3 92 10 00 31 00 01 01 04 01");
    public static final String COMMON_PIN = COMMON + "/001C";
    public static final String JUKI_PIN = JUKI + "/001C";
    static final int EF_PIN = 0x001C;

    private OtherApplications() {
    }

    /**
     * 共通AP: EF 0001 is record-structured; record 1 is {@code 01 1C} and 28 ASCII digits (card
     * serial 15, municipality code 5, card expiry {@code YYYYMMDD}).
     */
    public static DedicatedFile common(Person p, String cardSerial15) {
        if (!cardSerial15.matches("[0-9]{15}")) {
            throw new IllegalArgumentException("card serial is 15 digits");
        }
        byte[] record = Tlv.of(0x01, FaceApplication.ascii(cardSerial15 + p.municipality() + p.cardExpiryYyyymmdd()));
        return DedicatedFile.of(COMMON, COMMON_AID, List.of(
                new ElementaryFile.Records(0x0001, List.of(record), ReadAccess.FREE),
                new ElementaryFile.Pin(EF_PIN, COMMON_PIN, PinFormat.DIGITS_4)));
    }

    public static DedicatedFile juki() {
        return DedicatedFile.of(JUKI, JUKI_AID, List.of(new ElementaryFile.Pin(EF_PIN, JUKI_PIN, PinFormat.DIGITS_4)));
    }

    public static CardState defineCommon(CardState state) {
        return state.define(COMMON_PIN, new byte[0], 3, 3);
    }

    public static CardState defineJuki(CardState state) {
        return state.define(JUKI_PIN, new byte[0], 3, 3);
    }
}
