package org.madoguchi.simulator.vpcd;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

import org.madoguchi.driver.apdu.Hex;
import org.madoguchi.simulator.card.LinkDroppedException;
import org.madoguchi.simulator.card.StatusWords;
import org.madoguchi.simulator.card.VirtualCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card side of one vpcd connection: {@link #serve} reads frames until the connection ends, and
 * each received payload becomes the card's action and the reply to send (or none), written in one
 * write with TCP_QUICKACK re-armed before every read (docs/simulator.md,
 * pcscd in CI, pitfall 1). Not thread-safe; one
 * connection's worker owns it.
 */
final class VpcdSession {
    static final int POWER_OFF = 0x00;
    static final int POWER_ON = 0x01;
    static final int RESET = 0x02;
    static final int GET_ATR = 0x04;

    private static final Logger log = LoggerFactory.getLogger(VpcdSession.class);

    private final VirtualCard card;
    private boolean powered;

    VpcdSession(VirtualCard card) {
        this.card = card;
    }

    /** Serves one connection until it ends; returns why it ended, for the log, or null for a link drop. */
    static String serve(Socket s, VirtualCard c) {
        VpcdSession session = new VpcdSession(c);
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            QuickAck quickAck = new QuickAck(s);
            while (true) {
                quickAck.arm(); // before reading the length
                int length = in.readUnsignedShort();
                byte[] payload = new byte[length];
                if (in.available() < length) {
                    quickAck.arm(); // before waiting for the payload
                }
                in.readFully(payload);
                byte[] reply = session.handle(payload);
                if (reply != null) {
                    out.write(frame(reply)); // length and payload in one write
                    out.flush();
                }
            }
        } catch (LinkDroppedException e) {
            return null;
        } catch (EOFException e) {
            return "closed by vpcd";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    static byte[] frame(byte[] payload) {
        if (payload.length > 0xFFFF) {
            throw new IllegalArgumentException("payload too long for a vpcd frame: " + payload.length);
        }
        byte[] f = new byte[payload.length + 2];
        f[0] = (byte) (payload.length >> 8);
        f[1] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 2, payload.length);
        return f;
    }

    /**
     * The reply payload for a received payload, or null when vpcd expects none.
     *
     * @throws LinkDroppedException when an injected fault makes the card leave: close the connection
     */
    byte[] handle(byte[] payload) {
        if (payload.length == 1) {
            return control(payload[0] & 0xFF);
        }
        if (payload.length == 0) {
            log.debug("vpcd: empty frame ignored");
            return null;
        }
        return apdu(payload);
    }

    private byte[] control(int code) {
        switch (code) {
            case POWER_OFF -> {
                card.powerOff();
                powered = false;
                log.debug("vpcd: power off");
                return null;
            }
            case POWER_ON -> {
                if (powered) {
                    card.powerOff(); // power on while on: a cold reset
                }
                card.powerOn();
                powered = true;
                log.debug("vpcd: power on");
                return null;
            }
            case RESET -> {
                if (powered) {
                    card.warmReset();
                } else {
                    card.powerOn();
                    powered = true;
                }
                log.debug("vpcd: reset");
                return null;
            }
            case GET_ATR -> {
                return card.atr();
            }
            default -> {
                log.warn("vpcd: 不明な制御コード {} を無視します / unknown control code {} ignored", code, code);
                return null;
            }
        }
    }

    private byte[] apdu(byte[] command) {
        if (!powered) {
            log.debug("vpcd: APDU to an unpowered card; powering it on");
            card.powerOn();
            powered = true;
        }
        byte[] response;
        try {
            response = card.process(command);
        } catch (LinkDroppedException e) {
            powered = false;
            log.info("vpcd: {} ({})", e.getMessage(), header(command));
            throw e;
        } catch (RuntimeException e) {
            log.error("simulated card failed on {}", header(command), e);
            response = StatusWords.sw(StatusWords.NO_PRECISE_DIAGNOSIS);
        }
        if (log.isDebugEnabled()) {
            log.debug("vpcd: {} -> {} bytes, SW {}", header(command), response.length - 2,
                    Hex.of(new byte[] {response[response.length - 2], response[response.length - 1]}));
        }
        return response;
    }

    /** CLA INS P1 P2 and the length only: never the data, which may be a PIN. */
    private static String header(byte[] command) {
        int n = Math.min(4, command.length);
        byte[] h = new byte[n];
        System.arraycopy(command, 0, h, 0, n);
        return Hex.spaced(h) + " (" + command.length + " bytes)";
    }
}
