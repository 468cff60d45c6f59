package org.madoguchi.driver.pcsc.jna;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.ByReference;

/**
 * The PC/SC integer types with the width each platform gives them: pcsc-lite on Linux uses C
 * {@code long} for LONG/DWORD and the handles; WinSCard uses 32-bit LONG/DWORD and pointer-sized
 * handles; macOS PCSC.framework uses 32-bit integers throughout.
 */
final class PcscTypes {
    private PcscTypes() {
    }

    static final int DWORD_SIZE = Platform.isWindows() || Platform.isMac() ? 4 : Native.LONG_SIZE;
    static final int HANDLE_SIZE = Platform.isWindows() ? Native.POINTER_SIZE : Platform.isMac() ? 4 : Native.LONG_SIZE;

    /** DWORD (and LONG return codes, read as unsigned 32-bit values). */
    public static final class Dword extends IntegerType {
        public Dword() {
            this(0);
        }

        public Dword(long value) {
            super(DWORD_SIZE, value, true);
        }
    }

    /** SCARDCONTEXT and SCARDHANDLE. */
    public static final class Handle extends IntegerType {
        public Handle() {
            this(0);
        }

        public Handle(long value) {
            super(HANDLE_SIZE, value, true);
        }
    }

    /** DWORD* out-parameters. */
    public static final class DwordByReference extends ByReference {
        public DwordByReference() {
            this(0);
        }

        public DwordByReference(long value) {
            super(DWORD_SIZE);
            setValue(value);
        }

        public void setValue(long value) {
            if (DWORD_SIZE == 4) {
                getPointer().setInt(0, (int) value);
            } else {
                getPointer().setLong(0, value);
            }
        }

        public long getValue() {
            return DWORD_SIZE == 4 ? getPointer().getInt(0) & 0xFFFFFFFFL : getPointer().getLong(0);
        }
    }

    /** SCARDCONTEXT* and SCARDHANDLE* out-parameters. */
    public static final class HandleByReference extends ByReference {
        public HandleByReference() {
            super(HANDLE_SIZE);
            if (HANDLE_SIZE == 4) {
                getPointer().setInt(0, 0);
            } else {
                getPointer().setLong(0, 0);
            }
        }

        public Handle getValue() {
            return new Handle(HANDLE_SIZE == 4 ? getPointer().getInt(0) & 0xFFFFFFFFL : getPointer().getLong(0));
        }
    }
}
