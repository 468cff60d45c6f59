package org.madoguchi.simulator.card;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.madoguchi.simulator.card.CardState.VerifyOutcome;
import org.madoguchi.simulator.card.ElementaryFile.ReadAccess;

/**
 * A software My Number card (or JPKI token): an APDU processor over a {@link CardSpec} and a
 * {@link CardState}, modelled on domain.md §§1–7 and §13.
 *
 * <p>Session state (current DF and EF, verified PINs) is lost at power-off. The verified status
 * belongs to the DF where the VERIFY happened: selecting another DF clears it, re-selecting the
 * same DF keeps it, and by default a warm reset keeps it too (domain.md §7.3).
 *
 * <p>Commands: SELECT ({@code 00 A4}), READ BINARY ({@code 00 B0}), VERIFY ({@code 00 20}),
 * CHANGE REFERENCE DATA ({@code 00 24 01 80}), GET CHALLENGE ({@code 00 84}), COMPUTE DIGITAL
 * SIGNATURE ({@code 80 2A}) and the last command indicator ({@code 80 FC}). Thread-safe.
 */
public final class MyNumberCardSim implements VirtualCard {
    private static final int INS_SELECT = 0xA4;
    private static final int INS_READ_BINARY = 0xB0;
    private static final int INS_VERIFY = 0x20;
    private static final int INS_CHANGE_REFERENCE_DATA = 0x24;
    private static final int INS_GET_CHALLENGE = 0x84;
    private static final int INS_SIGN = 0x2A;
    private static final int INS_LAST_COMMAND = 0xFC;

    private final CardSpec spec;
    private final CardState state;
    private final SecureRandom random = new SecureRandom();

    private boolean powered;
    private DedicatedFile currentDf;
    private ElementaryFile currentEf;
    /** The DF whose security status is held; survives a warm reset, unlike {@link #currentDf}. */
    private DedicatedFile verifiedDf;
    private final Set<Integer> verifiedPins = new HashSet<>();

    public MyNumberCardSim(CardSpec spec, CardState state) {
        this.spec = Objects.requireNonNull(spec);
        this.state = Objects.requireNonNull(state);
    }

    public CardSpec spec() {
        return spec;
    }

    /** The persistent part: counters and secrets. */
    public CardState state() {
        return state;
    }

    @Override
    public byte[] atr() {
        return spec.atr();
    }

    @Override
    public synchronized void powerOn() {
        clearSession();
        powered = true;
    }

    @Override
    public synchronized void powerOff() {
        clearSession();
        powered = false;
    }

    @Override
    public synchronized void warmReset() {
        currentDf = null;
        currentEf = null;
        if (!spec.behaviour().keepVerifiedOnWarmReset()) {
            clearVerified();
        }
        powered = true;
    }

    public synchronized boolean powered() {
        return powered;
    }

    /** Whether the PIN EF {@code pinFid} of the current DF is verified in this session. */
    public synchronized boolean verified(int pinFid) {
        return currentDf != null && currentDf.equals(verifiedDf) && verifiedPins.contains(pinFid);
    }

    private void clearSession() {
        currentDf = null;
        currentEf = null;
        clearVerified();
    }

    private void clearVerified() {
        verifiedDf = null;
        verifiedPins.clear();
    }

    @Override
    public synchronized byte[] process(byte[] commandApdu) {
        if (!powered) {
            throw new IllegalStateException("card is not powered");
        }
        Optional<CommandApdu> parsed = CommandApdu.parse(commandApdu);
        if (parsed.isEmpty()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        CommandApdu c = parsed.get();
        int cla = c.cla();
        boolean firstInterindustry = (cla & 0x60) == 0; // 0x00–0x1F and 0x80–0x9F
        if (firstInterindustry && (cla & 0x03) != 0) {
            return StatusWords.sw(StatusWords.CHANNEL_NOT_SUPPORTED);
        }
        if (firstInterindustry && (cla & 0x0C) != 0) {
            return StatusWords.sw(c.ins() == INS_SELECT ? StatusWords.SM_NOT_SUPPORTED : StatusWords.SM_DATA_MISSING);
        }
        if (cla != 0x00 && cla != 0x80) {
            return StatusWords.sw(StatusWords.CLA_NOT_SUPPORTED);
        }
        boolean proprietary = cla == 0x80;
        return switch (c.ins()) {
            case INS_SELECT -> proprietary ? claError() : select(c);
            case INS_READ_BINARY -> proprietary ? claError() : readBinary(c);
            case INS_VERIFY -> proprietary ? claError() : verify(c);
            case INS_CHANGE_REFERENCE_DATA -> proprietary ? claError() : changeReferenceData(c);
            case INS_GET_CHALLENGE -> proprietary ? claError() : getChallenge(c);
            case INS_SIGN -> proprietary ? sign(c) : claError();
            case INS_LAST_COMMAND -> proprietary ? lastCommandIndicator(c) : claError();
            default -> StatusWords.sw(StatusWords.INS_NOT_SUPPORTED);
        };
    }

    private static byte[] claError() {
        return StatusWords.sw(StatusWords.CLA_NOT_SUPPORTED);
    }

    // ---- SELECT ------------------------------------------------------------------------------

    private byte[] select(CommandApdu c) {
        if (c.p2() != 0x0C && c.p2() != 0x00) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        return switch (c.p1()) {
            case 0x04 -> selectDf(c.data());
            case 0x02 -> selectEf(c.data());
            case 0x00 -> selectMf(c);
            default -> StatusWords.sw(StatusWords.INCORRECT_P1P2);
        };
    }

    private byte[] selectDf(byte[] aid) {
        if (aid.length == 0 || aid.length > 16) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        Optional<DedicatedFile> df = spec.application(aid); // full AID only; no partial names
        if (df.isEmpty()) {
            return StatusWords.sw(StatusWords.FILE_NOT_FOUND);
        }
        enter(df.get());
        return StatusWords.sw(StatusWords.OK);
    }

    private void enter(DedicatedFile df) {
        if (!df.equals(verifiedDf)) {
            clearVerified(); // leaving a DF drops its security status
        }
        currentDf = df;
        currentEf = null;
    }

    private byte[] selectEf(byte[] fid) {
        if (fid.length != 2) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        Optional<ElementaryFile> ef = currentDf == null ? Optional.empty()
                : currentDf.file(((fid[0] & 0xFF) << 8) | (fid[1] & 0xFF));
        if (ef.isEmpty()) {
            return StatusWords.sw(StatusWords.FILE_NOT_FOUND);
        }
        currentEf = ef.get();
        return StatusWords.sw(StatusWords.OK);
    }

    /** ISO SELECT MF: {@code 6A 86} with no DF selected, {@code 90 00} (no change) inside one. */
    private byte[] selectMf(CommandApdu c) {
        if (c.hasData()) {
            return StatusWords.sw(StatusWords.FILE_NOT_FOUND); // e.g. FID 3F00
        }
        return StatusWords.sw(currentDf == null ? StatusWords.INCORRECT_P1P2 : StatusWords.OK);
    }

    // ---- READ BINARY -------------------------------------------------------------------------

    private byte[] readBinary(CommandApdu c) {
        if (c.hasData() || !c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        int offset;
        if ((c.p1() & 0x80) != 0) {
            // Short EF form: select by SFI and read with an 8-bit offset.
            if ((c.p1() & 0x60) != 0) {
                return StatusWords.sw(StatusWords.INCORRECT_P1P2);
            }
            Optional<ElementaryFile> ef = currentDf == null ? Optional.empty() : currentDf.fileBySfi(c.p1() & 0x1F);
            if (ef.isEmpty()) {
                return StatusWords.sw(StatusWords.FILE_NOT_FOUND);
            }
            currentEf = ef.get();
            offset = c.p2();
        } else {
            offset = (c.p1() << 8) | c.p2();
        }
        if (currentEf == null) {
            return StatusWords.sw(StatusWords.NO_CURRENT_EF);
        }
        if (!(currentEf instanceof ElementaryFile.Binary file)) {
            return StatusWords.sw(StatusWords.INCOMPATIBLE_FILE);
        }
        if (!readable(file.access())) {
            return StatusWords.sw(StatusWords.SECURITY_NOT_SATISFIED);
        }
        byte[] content = file.bytes();
        if (offset >= content.length) {
            return StatusWords.sw(StatusWords.OFFSET_OUTSIDE_EF);
        }
        int n = Math.min(c.ne(), content.length - offset);
        return StatusWords.withData(content, offset, n, StatusWords.OK);
    }

    private boolean readable(ReadAccess access) {
        if (access instanceof ReadAccess.AfterVerify after) {
            return verified(after.pinFid());
        }
        return access instanceof ReadAccess.Free;
    }

    // ---- VERIFY and CHANGE REFERENCE DATA ----------------------------------------------------

    private byte[] verify(CommandApdu c) {
        if (c.p1() != 0x00 || c.p2() != 0x80) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH); // e.g. 00 20 00 80 00 (domain.md §4.2)
        }
        Optional<ElementaryFile.Pin> pin = currentPin();
        if (pin.isEmpty()) {
            return StatusWords.sw(currentEf == null ? StatusWords.NO_CURRENT_EF : StatusWords.INCOMPATIBLE_FILE);
        }
        String id = pin.get().credentialId();
        int fid = pin.get().fid();
        if (!c.hasData()) {
            // Case 1: report the counter without spending a try.
            if (spec.behaviour().queryOkWhenVerified() && verified(fid)) {
                return StatusWords.sw(StatusWords.OK);
            }
            int left = state.triesLeft(id);
            return StatusWords.sw(left == 0 ? spec.behaviour().blockedQuerySw() : StatusWords.triesLeft(left));
        }
        byte[] presented = c.data();
        try {
            VerifyOutcome outcome = state.verify(id, presented);
            if (outcome instanceof VerifyOutcome.Verified) {
                verifiedDf = currentDf;
                verifiedPins.add(fid);
                return StatusWords.sw(StatusWords.OK);
            }
            if (outcome instanceof VerifyOutcome.Wrong wrong) {
                verifiedPins.remove(fid);
                return StatusWords.sw(StatusWords.triesLeft(wrong.triesLeft()));
            }
            return StatusWords.sw(StatusWords.KEY_LOCKED);
        } finally {
            Arrays.fill(presented, (byte) 0);
        }
    }

    /** {@code 00 24 01 80 Lc <new>} after a successful VERIFY of the current PIN EF (domain.md §4.4). */
    private byte[] changeReferenceData(CommandApdu c) {
        if (c.p1() != 0x01 || c.p2() != 0x80) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (!c.hasData() || c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        Optional<ElementaryFile.Pin> pin = currentPin();
        if (pin.isEmpty()) {
            return StatusWords.sw(currentEf == null ? StatusWords.NO_CURRENT_EF : StatusWords.INCOMPATIBLE_FILE);
        }
        String id = pin.get().credentialId();
        if (state.blocked(id)) {
            return StatusWords.sw(StatusWords.KEY_LOCKED);
        }
        if (!verified(pin.get().fid())) {
            return StatusWords.sw(StatusWords.SECURITY_NOT_SATISFIED);
        }
        byte[] value = c.data();
        try {
            if (!pin.get().format().accepts(value)) {
                return StatusWords.sw(StatusWords.WRONG_DATA);
            }
            state.changeSecret(id, value);
            return StatusWords.sw(StatusWords.OK);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    private Optional<ElementaryFile.Pin> currentPin() {
        return currentEf instanceof ElementaryFile.Pin p ? Optional.of(p) : Optional.empty();
    }

    // ---- GET CHALLENGE, signing, last command ------------------------------------------------

    private byte[] getChallenge(CommandApdu c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (c.extended()) {
            return StatusWords.sw(StatusWords.CONDITIONS_NOT_SATISFIED);
        }
        if (c.hasData() || !c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        byte[] challenge = new byte[c.ne()];
        random.nextBytes(challenge);
        return StatusWords.withData(challenge, StatusWords.OK);
    }

    /**
     * {@code 80 2A P1 P2 Lc <DigestInfo> 00}. P2 {@code 80} signs with the selected key EF, P2
     * {@code 80|SFI} names the key. P1 {@code 00} (PKCS#1 v1.5 over the input) is modelled; the
     * other schemes {@code 01}–{@code 05} answer {@code 6A 86} for now.
     */
    private byte[] sign(CommandApdu c) {
        if (c.p1() > 0x05) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        Optional<ElementaryFile> target;
        if (c.p2() == 0x80) {
            target = Optional.ofNullable(currentEf);
        } else if ((c.p2() & 0xE0) == 0x80 && currentDf != null) {
            target = currentDf.fileBySfi(c.p2() & 0x1F);
        } else if ((c.p2() & 0xE0) == 0x80) {
            target = Optional.empty();
        } else {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (target.isEmpty() || !(target.get() instanceof ElementaryFile.Key key) || !verified(key.pinFid())) {
            return StatusWords.sw(StatusWords.SECURITY_NOT_SATISFIED);
        }
        if (c.p1() != 0x00) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (key.key().isEmpty()) {
            return StatusWords.sw(StatusWords.DATA_NOT_FOUND);
        }
        SigningKey signer = key.key().get();
        if (!c.hasData() || c.lc() > signer.maxInputLength()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        return StatusWords.withData(signer.sign(c.data()), StatusWords.OK);
    }

    private byte[] lastCommandIndicator(CommandApdu c) {
        if (!spec.behaviour().acceptsLastCommandIndicator()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        return StatusWords.sw(c.p1() == 0 && c.p2() == 0 ? StatusWords.OK : StatusWords.INCORRECT_P1P2);
    }

    @Override
    public String toString() {
        return "MyNumberCardSim[" + spec + ", " + state + "]";
    }
}
