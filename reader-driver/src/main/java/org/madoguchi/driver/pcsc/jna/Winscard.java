package org.madoguchi.driver.pcsc.jna;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import org.madoguchi.driver.pcsc.jna.PcscTypes.Dword;
import org.madoguchi.driver.pcsc.jna.PcscTypes.DwordByReference;
import org.madoguchi.driver.pcsc.jna.PcscTypes.Handle;
import org.madoguchi.driver.pcsc.jna.PcscTypes.HandleByReference;

/** Our own binding to the PC/SC API: the few functions madoguchi uses. */
public interface Winscard extends Library {
    long SCARD_SCOPE_SYSTEM = 2;
    long SCARD_SHARE_EXCLUSIVE = 1;
    long SCARD_SHARE_SHARED = 2;
    long SCARD_PROTOCOL_T0 = 1;
    long SCARD_PROTOCOL_T1 = 2;
    long SCARD_LEAVE_CARD = 0;
    long SCARD_RESET_CARD = 1;
    long SCARD_UNPOWER_CARD = 2;
    long SCARD_STATE_UNAWARE = 0x0000;
    long SCARD_STATE_CHANGED = 0x0002;
    long SCARD_STATE_UNKNOWN = 0x0004;
    long SCARD_STATE_UNAVAILABLE = 0x0008;
    long SCARD_STATE_EMPTY = 0x0010;
    long SCARD_STATE_PRESENT = 0x0020;
    long SCARD_STATE_MUTE = 0x0200;
    String PNP_NOTIFICATION = "\\\\?PnP?\\Notification";

    Dword SCardEstablishContext(Dword scope, Pointer reserved1, Pointer reserved2, HandleByReference context);

    Dword SCardReleaseContext(Handle context);

    Dword SCardListReaders(Handle context, Pointer groups, byte[] readers, DwordByReference readersLength);

    Dword SCardGetStatusChange(Handle context, Dword timeout, ReaderStateStruct[] states, Dword count);

    Dword SCardCancel(Handle context);

    Dword SCardConnect(Handle context, String reader, Dword shareMode, Dword preferredProtocols,
            HandleByReference card, DwordByReference activeProtocol);

    Dword SCardDisconnect(Handle card, Dword disposition);

    Dword SCardBeginTransaction(Handle card);

    Dword SCardEndTransaction(Handle card, Dword disposition);

    Dword SCardStatus(Handle card, byte[] readerName, DwordByReference readerLength, DwordByReference state,
            DwordByReference protocol, byte[] atr, DwordByReference atrLength);

    Dword SCardTransmit(Handle card, Pointer sendPci, byte[] send, Dword sendLength, Pointer receivePci,
            byte[] receive, DwordByReference receiveLength);

    Dword SCardControl(Handle card, Dword controlCode, byte[] in, Dword inLength, byte[] out, Dword outLength,
            DwordByReference returned);

    /** Loads the platform's PC/SC library; throws {@link UnsatisfiedLinkError} when there is none. */
    static Winscard load() {
        if (Platform.isWindows()) {
            // The ANSI entry points of functions that take strings.
            Set<String> ansi = Set.of("SCardListReaders", "SCardGetStatusChange", "SCardConnect", "SCardStatus");
            FunctionMapper mapper = (NativeLibrary library, Method method) ->
                    ansi.contains(method.getName()) ? method.getName() + "A" : method.getName();
            return Native.load("winscard", Winscard.class, Map.of(Library.OPTION_FUNCTION_MAPPER, mapper));
        }
        if (Platform.isMac()) {
            return Native.load("/System/Library/Frameworks/PCSC.framework/PCSC", Winscard.class);
        }
        return Native.load("libpcsclite.so.1", Winscard.class);
    }
}
