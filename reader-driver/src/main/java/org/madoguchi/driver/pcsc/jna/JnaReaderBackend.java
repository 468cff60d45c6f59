package org.madoguchi.driver.pcsc.jna;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;

import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.PcscStatus;
import org.madoguchi.driver.pcsc.ReaderBackend;
import org.madoguchi.driver.pcsc.ReaderState;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.pcsc.jna.PcscTypes.Dword;
import org.madoguchi.driver.pcsc.jna.PcscTypes.DwordByReference;
import org.madoguchi.driver.pcsc.jna.PcscTypes.Handle;
import org.madoguchi.driver.pcsc.jna.PcscTypes.HandleByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jna} back-end (the default): our own binding to {@code libpcsclite.so.1},
 * {@code winscard.dll} or {@code PCSC.framework}. Two PC/SC contexts: one for event waiting (the
 * monitor thread; {@link #cancelWait()} cancels it) and one for card I/O. A context that the
 * service reports dead ({@code NO_SERVICE}, {@code SERVICE_STOPPED}, {@code INVALID_HANDLE}) is
 * released and established anew on next use, so a restarted pcscd is picked up without a new JVM.
 */
public final class JnaReaderBackend implements ReaderBackend {
    private static final Logger log = LoggerFactory.getLogger(JnaReaderBackend.class);
    private static final long POLL_FALLBACK_MS = 1000;

    private final Winscard lib;
    private final Object lock = new Object();
    private Handle eventContext;
    private Handle ioContext;
    /** Set by cancelWait(); consumed by the wait it ends, so a cancel just before a wait is not lost. */
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean closed;
    /** Whether the service reports reader arrival/removal through the PnP pseudo-reader. */
    private volatile boolean pnpSupported = true;
    /** Last event state per reader (and the PnP entry), so waits block until something changes. */
    private final Map<String, Long> lastEventState = new HashMap<>();

    /** Loads the platform's PC/SC library; throws {@link UnsatisfiedLinkError} if there is none. */
    public JnaReaderBackend() {
        this(Winscard.load());
    }

    JnaReaderBackend(Winscard lib) {
        this.lib = lib;
    }

    @Override
    public String id() {
        return "jna";
    }

    private enum Use { EVENTS, IO }

    private Handle context(Use use) throws PcscException {
        synchronized (lock) {
            if (closed) {
                throw new PcscException(PcscError.NO_SERVICE, "back-end closed");
            }
            Handle current = use == Use.EVENTS ? eventContext : ioContext;
            if (current != null) {
                return current;
            }
            HandleByReference ref = new HandleByReference();
            long rc = lib.SCardEstablishContext(new Dword(Winscard.SCARD_SCOPE_SYSTEM), null, null, ref).longValue();
            check("establish context", rc);
            Handle h = ref.getValue();
            if (use == Use.EVENTS) {
                eventContext = h;
            } else {
                ioContext = h;
            }
            log.debug("PC/SC {} context established", use);
            return h;
        }
    }

    private void dropContext(Use use) {
        synchronized (lock) {
            Handle h = use == Use.EVENTS ? eventContext : ioContext;
            if (h != null) {
                lib.SCardReleaseContext(h);
                if (use == Use.EVENTS) {
                    eventContext = null;
                    lastEventState.clear();
                } else {
                    ioContext = null;
                }
                log.debug("PC/SC {} context released", use);
            }
        }
    }

    /**
     * Whether a context is gone with the service: {@code NO_SERVICE}, {@code SERVICE_STOPPED},
     * {@code INVALID_HANDLE}, and {@code F_COMM_ERROR} (what a wait in progress gets when pcscd
     * stops; a context kept after it fails once more when pcscd is back, so the readers would
     * attach, drop and attach again).
     */
    private static boolean contextDead(long rc) {
        PcscStatus s = PcscStatus.ofCode(rc).orElse(null);
        return s != null && s.error() == PcscError.NO_SERVICE;
    }

    /** Notes a dead I/O context so the next call establishes a new one; returns the code. */
    long checkedIo(Dword rc) {
        long code = rc.longValue() & 0xFFFFFFFFL;
        if (contextDead(code)) {
            dropContext(Use.IO);
        }
        return code;
    }

    void check(String operation, long rc) throws PcscException {
        if ((rc & 0xFFFFFFFFL) != 0) {
            throw PcscStatus.exception(operation, rc);
        }
    }

    private List<String> listReaderNames(Handle ctx, Use use) throws PcscException {
        DwordByReference length = new DwordByReference();
        long rc = lib.SCardListReaders(ctx, null, null, length).longValue() & 0xFFFFFFFFL;
        if (rc == PcscStatus.SCARD_E_NO_READERS_AVAILABLE.code()) {
            return List.of();
        }
        if (contextDead(rc)) {
            dropContext(use);
        }
        check("list readers", rc);
        byte[] buffer = new byte[(int) length.getValue()];
        rc = lib.SCardListReaders(ctx, null, buffer, length).longValue() & 0xFFFFFFFFL;
        if (rc == PcscStatus.SCARD_E_NO_READERS_AVAILABLE.code()) {
            return List.of();
        }
        if (contextDead(rc)) {
            dropContext(use);
        }
        check("list readers", rc);
        return parseMultiString(buffer, (int) length.getValue());
    }

    /** Splits a PC/SC multi-string ({@code "a\0b\0\0"}). */
    static List<String> parseMultiString(byte[] buffer, int length) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < Math.min(length, buffer.length); i++) {
            if (buffer[i] == 0) {
                if (i == start) {
                    break;
                }
                names.add(new String(buffer, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    /** The readers now, looked up on the I/O context (the event context may be busy waiting). */
    @Override
    public List<ReaderState> readers() throws PcscException {
        return readers(Use.IO);
    }

    private List<ReaderState> readers(Use use) throws PcscException {
        Handle ctx = context(use);
        List<String> names = listReaderNames(ctx, use);
        if (names.isEmpty()) {
            return List.of();
        }
        // UNAWARE everywhere: the call returns at once with the current state of every reader.
        ReaderStateStruct[] states = statesFor(names, false, false);
        long rc = lib.SCardGetStatusChange(ctx, new Dword(0), states, new Dword(states.length)).longValue()
                & 0xFFFFFFFFL;
        if (contextDead(rc)) {
            dropContext(use);
        }
        check("reader status", rc);
        return toReaderStates(states, names.size());
    }

    private ReaderStateStruct[] statesFor(List<String> names, boolean withPnp, boolean fromLast) {
        int n = names.size() + (withPnp ? 1 : 0);
        ReaderStateStruct[] states = (ReaderStateStruct[]) new ReaderStateStruct().toArray(n);
        synchronized (lock) {
            for (int i = 0; i < names.size(); i++) {
                states[i].szReader = names.get(i);
                states[i].dwCurrentState = new Dword(fromLast
                        ? lastEventState.getOrDefault(names.get(i), Winscard.SCARD_STATE_UNAWARE)
                        : Winscard.SCARD_STATE_UNAWARE);
            }
            if (withPnp) {
                ReaderStateStruct pnp = states[n - 1];
                pnp.szReader = Winscard.PNP_NOTIFICATION;
                // pcsc-lite compares the reader count kept in the high word.
                pnp.dwCurrentState = new Dword(lastEventState.getOrDefault(Winscard.PNP_NOTIFICATION,
                        (long) names.size() << 16));
            }
        }
        for (ReaderStateStruct s : states) {
            s.write();
        }
        return states;
    }

    private List<ReaderState> toReaderStates(ReaderStateStruct[] states, int readerCount) {
        List<ReaderState> result = new ArrayList<>(readerCount);
        synchronized (lock) {
            for (int i = 0; i < states.length; i++) {
                ReaderStateStruct s = states[i];
                s.read();
                long event = s.dwEventState.longValue() & ~Winscard.SCARD_STATE_CHANGED;
                lastEventState.put(s.szReader, event);
                if (i >= readerCount) {
                    continue; // the PnP entry
                }
                if ((event & (Winscard.SCARD_STATE_UNKNOWN | Winscard.SCARD_STATE_UNAVAILABLE)) != 0) {
                    continue; // vanished between list and status
                }
                boolean present = (event & Winscard.SCARD_STATE_PRESENT) != 0;
                int atrLength = (int) Math.min(s.cbAtr.longValue(), s.rgbAtr.length);
                String atr = present ? Hex.of(Arrays.copyOf(s.rgbAtr, atrLength)) : "";
                // pcsc-lite and WinSCard count card events in the high word of the event state.
                int cardEvents = (int) ((event >>> 16) & 0xFFFF);
                result.add(new ReaderState(s.szReader, present, atr, cardEvents));
            }
        }
        return List.copyOf(result);
    }

    @Override
    public List<ReaderState> awaitChange(List<ReaderState> known, Duration timeout) throws PcscException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReaderState> now = readers(Use.EVENTS);
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (!now.equals(known) || left <= 0 || cancelled.getAndSet(false) || closed) {
                return now;
            }
            Handle ctx = context(Use.EVENTS);
            List<String> names = now.stream().map(ReaderState::name).toList();
            boolean pnp = pnpSupported;
            ReaderStateStruct[] states = statesFor(names, pnp, true);
            long wait = pnp ? left : Math.min(left, POLL_FALLBACK_MS);
            long rc = lib.SCardGetStatusChange(ctx, new Dword(wait), states, new Dword(states.length)).longValue()
                    & 0xFFFFFFFFL;
            if (rc == PcscStatus.SCARD_E_TIMEOUT.code()) {
                continue;
            }
            if (rc == PcscStatus.SCARD_E_CANCELLED.code()) {
                return readers(Use.EVENTS);
            }
            if (contextDead(rc)) {
                dropContext(Use.EVENTS);
            }
            check("wait for reader change", rc);
            toReaderStates(states, names.size());
            if (pnp) {
                long pnpState = states[states.length - 1].dwEventState.longValue();
                if ((pnpState & Winscard.SCARD_STATE_UNKNOWN) != 0) {
                    log.info("PC/SC service does not report reader arrival; re-listing every second");
                    pnpSupported = false;
                }
            }
        }
    }

    @Override
    public void cancelWait() {
        cancelled.set(true);
        Handle ctx;
        synchronized (lock) {
            ctx = eventContext;
        }
        if (ctx != null) {
            lib.SCardCancel(ctx);
        }
    }

    @Override
    public CardConnection connect(String reader, ShareMode shareMode) throws PcscException {
        Handle ctx = context(Use.IO);
        HandleByReference card = new HandleByReference();
        DwordByReference protocol = new DwordByReference();
        long share = shareMode == ShareMode.EXCLUSIVE ? Winscard.SCARD_SHARE_EXCLUSIVE : Winscard.SCARD_SHARE_SHARED;
        long rc = checkedIo(lib.SCardConnect(ctx, reader, new Dword(share),
                new Dword(Winscard.SCARD_PROTOCOL_T0 | Winscard.SCARD_PROTOCOL_T1), card, protocol));
        check("connect", rc);
        Handle handle = card.getValue();
        byte[] atr = new byte[40];
        DwordByReference atrLength = new DwordByReference(atr.length);
        DwordByReference nameLength = new DwordByReference(0);
        DwordByReference state = new DwordByReference();
        DwordByReference proto = new DwordByReference();
        // A null name buffer with length 0 asks only for the length: pcsc-lite and WinSCard both allow it.
        rc = checkedIo(lib.SCardStatus(handle, null, nameLength, state, proto, atr, atrLength));
        if (rc != 0) {
            lib.SCardDisconnect(handle, new Dword(Winscard.SCARD_LEAVE_CARD));
            check("card status", rc);
        }
        return new JnaCardConnection(this, lib, handle, reader, protocol.getValue(),
                Arrays.copyOf(atr, (int) Math.min(atrLength.getValue(), atr.length)));
    }

    @Override
    public void close() {
        closed = true;
        cancelWait();
        dropContext(Use.EVENTS);
        dropContext(Use.IO);
    }
}
