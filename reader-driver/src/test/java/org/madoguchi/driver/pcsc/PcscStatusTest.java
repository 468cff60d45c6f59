package org.madoguchi.driver.pcsc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PcscStatusTest {
    @Test
    void nativeCodesMapToTheClosedSet() {
        assertEquals(PcscError.NO_SERVICE, PcscStatus.exception("x", 0x8010001DL).error());
        assertEquals(PcscError.NO_SERVICE, PcscStatus.exception("x", 0x8010001EL).error());
        assertEquals(PcscError.NO_READERS, PcscStatus.exception("x", 0x8010002EL).error());
        assertEquals(PcscError.CARD_REMOVED, PcscStatus.exception("x", 0x80100069L).error());
        assertEquals(PcscError.CARD_RESET, PcscStatus.exception("x", 0x80100068L).error());
        assertEquals(PcscError.SHARING_VIOLATION, PcscStatus.exception("x", 0x8010000BL).error());
        assertEquals(PcscError.TIMEOUT, PcscStatus.exception("x", 0x8010000AL).error());
        assertEquals(PcscError.READER_REMOVED, PcscStatus.exception("x", 0x80100009L).error());
        assertEquals(PcscError.TRANSPORT, PcscStatus.exception("x", 0x12345678L).error());
        // A sign-extended 32-bit value, as a Windows LONG read into a Java long would give.
        assertEquals(PcscError.NO_SERVICE, PcscStatus.exception("x", (long) (int) 0x8010001D).error());
    }

    @Test
    void jdkMessagesAreRecognisedByName() {
        assertEquals(PcscStatus.SCARD_E_NO_READERS_AVAILABLE,
                PcscStatus.mentionedIn("list() failed: SCARD_E_NO_READERS_AVAILABLE").orElseThrow());
        assertEquals(PcscStatus.SCARD_W_REMOVED_CARD, PcscStatus.mentionedIn("SCARD_W_REMOVED_CARD").orElseThrow());
        assertEquals(true, PcscStatus.mentionedIn("something else").isEmpty());
    }
}
