package org.madoguchi.simulator.card;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A software My Number card (or JPKI token): an APDU processor over a {@link CardSpec} and a
 * {@link CardState}, modelled on docs/card.md.
 *
 * <p>Session state (current DF and EF, verified PINs) is lost at power-off. The verified status
 * belongs to the DF where the VERIFY happened: selecting another DF clears it, re-selecting the
 * same DF keeps it, and by default a warm reset keeps it too (docs/card.md §9.3).
 *
 * <p>Commands: SELECT ({@code 00 A4}), READ BINARY ({@code 00 B0}), READ RECORD ({@code 00 B2}),
 * VERIFY ({@code 00 20}), CHANGE REFERENCE DATA ({@code 00 24 01 80}), GET CHALLENGE
 * ({@code 00 84}), GET RESPONSE ({@code 00 C0}, after a {@code 61 xx}), COMPUTE DIGITAL SIGNATURE
 * ({@code 80 2A}) and the last command indicator ({@code 80 FC}).
 *
 * <p>Faults ({@link #faults()}) are applied around the commands: delays before them (outside the
 * card's lock), {@code 6F 00} for the first command after power-up, {@code 6C xx} and {@code 61 xx}
 * shaping of responses, and a link drop inside VERIFY ({@link LinkDroppedException}). Thread-safe.
 */
public final class MyNumberCardSim implements VirtualCard {
    private static final int INS_SELECT = 0xA4;
    private static final int INS_READ_BINARY = 0xB0;
    private static final int INS_READ_RECORD = 0xB2;
    private static final int INS_VERIFY = 0x20;
    private static final int INS_CHANGE_REFERENCE_DATA = 0x24;
    private static final int INS_GET_CHALLENGE = 0x84;
    private static final int INS_GET_RESPONSE = 0xC0;
    private static final int INS_LAST_COMMAND = 0xFC;

    private final CardSpec spec;
    private final CardState state;
    private final Faults faults = new Faults();
    private final SecureRandom random = new SecureRandom();
    private final CardSession session = new CardSession();
    private final FileCommands files;
    private final PinCommands pins;
    private final SignCommand signing;

    private boolean powered;
    private boolean firstCommandAfterPowerUp;
    /** A response announced with {@code 61 xx}: data still to deliver, then the status word. */
    private byte[] pendingData;
    private int pendingSw;

    public MyNumberCardSim(CardSpec spec, CardState state) {
        this.spec = Objects.requireNonNull(spec);
        this.state = Objects.requireNonNull(state);
        this.files = new FileCommands(spec, session);
        this.pins = new PinCommands(spec, state, session, faults, this::leaveField);
        this.signing = new SignCommand(session);
    }

    public CardSpec spec() {
        return spec;
    }

    /** The persistent part: counters and secrets. */
    public CardState state() {
        return state;
    }

    /** This card's fault switches. */
    public Faults faults() {
        return faults;
    }

    @Override
    public byte[] atr() {
        return spec.atr();
    }

    @Override
    public synchronized void powerOn() {
        clearSession();
        powered = true;
        firstCommandAfterPowerUp = true;
    }

    @Override
    public synchronized void powerOff() {
        leaveField();
    }

    private void leaveField() {
        clearSession();
        powered = false;
    }

    @Override
    public synchronized void warmReset() {
        session.warmReset(spec.behaviour().keepVerifiedOnWarmReset());
        pendingData = null;
        powered = true;
    }

    public synchronized boolean powered() {
        return powered;
    }

    /** Whether the PIN EF {@code pinFid} of the current DF is verified in this session. */
    public synchronized boolean verified(int pinFid) {
        return session.verified(pinFid);
    }

    private void clearSession() {
        session.clear();
        pendingData = null;
    }

    /**
     * Answers one command APDU.
     *
     * @throws IllegalStateException when the card is not powered
     * @throws LinkDroppedException  when an injected fault drops the link (the card is then unpowered)
     */
    @Override
    public byte[] process(byte[] commandApdu) {
        FaultSettings f = faults.get();
        pause(f.apduDelay());
        if (commandApdu.length >= 2 && (commandApdu[0] & 0xFF) == 0x80 && (commandApdu[1] & 0xFF) == SignCommand.INS) {
            pause(f.signDelay());
        }
        synchronized (this) {
            if (!powered) {
                throw new IllegalStateException("card is not powered");
            }
            if (firstCommandAfterPowerUp) {
                firstCommandAfterPowerUp = false;
                if (f.failAfterPowerUp()) {
                    return StatusWords.sw(StatusWords.NO_PRECISE_DIAGNOSIS);
                }
            }
            Optional<CommandApdu> parsed = CommandApdu.parse(commandApdu);
            if (parsed.isEmpty()) {
                pendingData = null;
                return StatusWords.sw(StatusWords.WRONG_LENGTH);
            }
            CommandApdu c = parsed.get();
            if (c.cla() == 0x00 && c.ins() == INS_GET_RESPONSE) {
                return getResponse(c);
            }
            pendingData = null;
            return shape(c, dispatch(c), f);
        }
    }

    private static void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] dispatch(CommandApdu c) {
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
            case INS_SELECT -> proprietary ? claError() : files.select(c);
            case INS_READ_BINARY -> proprietary ? claError() : files.readBinary(c);
            case INS_READ_RECORD -> proprietary ? claError() : files.readRecord(c);
            case INS_VERIFY -> proprietary ? claError() : pins.verify(c);
            case INS_CHANGE_REFERENCE_DATA -> proprietary ? claError() : pins.changeReferenceData(c);
            case INS_GET_CHALLENGE -> proprietary ? claError() : getChallenge(c);
            case INS_GET_RESPONSE -> proprietary ? claError() : StatusWords.sw(StatusWords.CONDITIONS_NOT_SATISFIED);
            case SignCommand.INS -> proprietary ? signing.sign(c) : claError();
            case INS_LAST_COMMAND -> proprietary ? lastCommandIndicator(c) : claError();
            default -> StatusWords.sw(StatusWords.INS_NOT_SUPPORTED);
        };
    }

    private static byte[] claError() {
        return StatusWords.sw(StatusWords.CLA_NOT_SUPPORTED);
    }

    /**
     * The response faults: {@code 6C xx} when Le does not match the data the card has (nothing is
     * delivered; the command must be sent again), {@code 61 xx} when data is to be fetched with
     * GET RESPONSE.
     */
    private byte[] shape(CommandApdu c, byte[] response, FaultSettings f) {
        int dataLength = response.length - 2;
        if (dataLength == 0) {
            return response;
        }
        if (f.wrongLength() && c.ne() != dataLength) {
            return StatusWords.sw(StatusWords.WRONG_LE | (dataLength & 0xFF));
        }
        if (f.getResponse()) {
            pendingData = Arrays.copyOf(response, dataLength);
            pendingSw = ((response[dataLength] & 0xFF) << 8) | (response[dataLength + 1] & 0xFF);
            return StatusWords.sw(StatusWords.BYTES_REMAINING | (dataLength & 0xFF));
        }
        return response;
    }

    /** {@code 00 C0 00 00 Le}: up to Le bytes of the announced response, {@code 61 xx} while more remain. */
    private byte[] getResponse(CommandApdu c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (pendingData == null) {
            return StatusWords.sw(StatusWords.CONDITIONS_NOT_SATISFIED);
        }
        if (c.hasData() || !c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        int n = Math.min(c.ne(), pendingData.length);
        byte[] rest = Arrays.copyOfRange(pendingData, n, pendingData.length);
        int sw = rest.length == 0 ? pendingSw : StatusWords.BYTES_REMAINING | (rest.length & 0xFF);
        byte[] out = StatusWords.withData(pendingData, 0, n, sw);
        pendingData = rest.length == 0 ? null : rest;
        return out;
    }

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
