package org.madoguchi.driver.pcsc.jna;

import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code SCARD_READERSTATE}. The ATR buffer is 36 bytes on Windows and 33 elsewhere; on macOS the
 * framework declares the structure packed (UNCONFIRMED on current macOS; see docs/driver.md).
 */
@Structure.FieldOrder({"szReader", "pvUserData", "dwCurrentState", "dwEventState", "cbAtr", "rgbAtr"})
public class ReaderStateStruct extends Structure {
    public String szReader;
    public Pointer pvUserData;
    public PcscTypes.Dword dwCurrentState = new PcscTypes.Dword();
    public PcscTypes.Dword dwEventState = new PcscTypes.Dword();
    public PcscTypes.Dword cbAtr = new PcscTypes.Dword();
    public byte[] rgbAtr = new byte[Platform.isWindows() ? 36 : 33];

    public ReaderStateStruct() {
        super(Platform.isMac() ? ALIGN_NONE : ALIGN_DEFAULT);
    }
}
