package org.madoguchi.driver.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.ReaderFeatures.Feature;

class ReaderFeaturesTest {
    @Test
    void parsesTheFeatureList() throws Exception {
        // A pin-pad reader: VERIFY_PIN_DIRECT, MODIFY_PIN_DIRECT, IFD_PIN_PROPERTIES, an unknown tag 0x42.
        ReaderFeatures f = ReaderFeatures.parse(Hex.parse(
                "06 04 42 33 00 06  07 04 42 33 00 07  0A 04 42 33 00 0A  42 04 00 00 00 01"));
        assertEquals(Optional.of(0x42330006), f.controlCode(Feature.VERIFY_PIN_DIRECT));
        assertEquals(Optional.of(0x42330007), f.controlCode(Feature.MODIFY_PIN_DIRECT));
        assertEquals(Optional.of(0x4233000A), f.controlCode(Feature.IFD_PIN_PROPERTIES));
        assertEquals(3, f.controlCodes().size());
        assertTrue(ReaderFeatures.parse(new byte[0]).controlCodes().isEmpty());
    }

    @Test
    void malformedListIsATransportError() {
        assertEquals(PcscError.TRANSPORT,
                assertThrows(PcscException.class, () -> ReaderFeatures.parse(Hex.parse("06 04 42 33"))).error());
        assertEquals(PcscError.TRANSPORT,
                assertThrows(PcscException.class, () -> ReaderFeatures.parse(Hex.parse("06 02 42 33"))).error());
    }

    @Test
    void getFeatureRequestIsControlCode3400() {
        // pcsc-lite: SCARD_CTL_CODE(3400) = 0x42000D48
        if (!com.sun.jna.Platform.isWindows()) {
            assertEquals(0x42000D48, ReaderFeatures.getFeatureRequest());
        }
    }
}
