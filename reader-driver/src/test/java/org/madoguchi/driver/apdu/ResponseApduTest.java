package org.madoguchi.driver.apdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;

class ResponseApduTest {
    @Test
    void splitsDataAndStatus() throws Exception {
        ResponseApdu r = ResponseApdu.parse(Hex.parse("01 02 63 C2"));
        assertArrayEquals(new byte[] {1, 2}, r.data());
        assertEquals(0x63C2, r.sw());
        assertEquals(0x63, r.sw1());
        assertEquals(0xC2, r.sw2());
        assertEquals("63C2", r.swHex());
    }

    @Test
    void shortAnswersAreTransportErrors() {
        assertEquals(PcscError.TRANSPORT, assertThrows(PcscException.class, () -> ResponseApdu.parse(new byte[1])).error());
        assertEquals(PcscError.TRANSPORT, assertThrows(PcscException.class, () -> ResponseApdu.parse(new byte[0])).error());
    }

    @Test
    void hexRejectsOddInput() {
        assertThrows(IllegalArgumentException.class, () -> Hex.parse("ABC"));
        assertEquals("00 A4", Hex.spaced(Hex.parse("00a4")));
    }
}
