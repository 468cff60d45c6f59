package org.madoguchi.daemon;

import static org.madoguchi.daemon.FuzzMessages.MESSAGE_LIMIT;
import static org.madoguchi.daemon.FuzzMessages.NODES;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.madoguchi.daemon.FuzzMessage.Piece;

/**
 * The {@link FuzzTest}'s WebSocket protocol violations (invalid UTF-8, reserved opcodes, unmasked
 * frames, over 1 MiB, …), drawn from the generators' {@link java.util.Random}: each must close its
 * connection with one of its statuses.
 */
final class FuzzViolations {
    private FuzzViolations() {
    }

    /** A WebSocket protocol violation (or a client close): the daemon must close the connection. */
    static FuzzMessage next(FuzzMessages gen) {
        byte[] ping = NODES.objectNode().put("type", "ping").put("id", gen.id()).toString()
                .getBytes(StandardCharsets.UTF_8);
        int roll = gen.r.nextInt(gen.big < 8 ? 13 : 12);
        FuzzMessage m = new FuzzMessage(switch (roll) {
            case 0, 1 -> "invalid UTF-8";
            case 2 -> "continuation without start";
            case 3 -> "new message inside a fragmented one";
            case 4 -> "reserved opcode";
            case 5 -> "RSV1 bit";
            case 6 -> "unmasked frame";
            case 7 -> "ping over 125 bytes";
            case 8 -> "fragmented ping";
            case 9 -> "bad close frame";
            case 10 -> "client close";
            case 11 -> "binary inside a fragmented text";
            default -> "message over 1 MiB";
        }, Set.of());
        m.closes = Set.of(1002);
        switch (roll) {
            case 0, 1 -> {
                byte[] bad = gen.pick(List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
                        new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xe3, (byte) 0x81}));
                int at = ping.length - 3; // inside the id string
                byte[] p = new byte[ping.length + bad.length];
                System.arraycopy(ping, 0, p, 0, at);
                System.arraycopy(bad, 0, p, at, bad.length);
                System.arraycopy(ping, at, p, at + bad.length, ping.length - at);
                m.frames.add(new Piece(true, RawWebSocket.TEXT, p, true));
                m.preview = HexFormat.of().formatHex(bad) + " in a ping";
                if (roll == 1) {
                    gen.fragment(m);
                }
                m.closes = Set.of(1007);
            }
            case 2 -> m.frames.add(new Piece(true, RawWebSocket.CONTINUATION, ping, true));
            case 3 -> {
                m.frames.add(new Piece(false, RawWebSocket.TEXT, Arrays.copyOf(ping, 5), true));
                m.frames.add(new Piece(true, RawWebSocket.TEXT, ping, true));
            }
            case 4 -> {
                int op = gen.r.nextBoolean() ? 3 + gen.r.nextInt(5) : 0xb + gen.r.nextInt(5);
                m.frames.add(new Piece(true, op, gen.r.nextBoolean() ? ping : gen.bytes(gen.r.nextInt(100)),
                        true));
                m.preview = "opcode " + op;
            }
            case 5 -> m.frames.add(new Piece(true, RawWebSocket.TEXT | RawWebSocket.RSV1, ping, true));
            case 6 -> m.frames.add(new Piece(true, RawWebSocket.TEXT, ping, false));
            case 7 -> m.frames.add(new Piece(true, RawWebSocket.PING, gen.bytes(126 + gen.r.nextInt(200)), true));
            case 8 -> {
                m.frames.add(new Piece(false, RawWebSocket.PING, gen.bytes(10), true));
                m.frames.add(new Piece(true, RawWebSocket.CONTINUATION, gen.bytes(10), true));
            }
            case 9 -> {
                byte[] close = gen.pick(List.of(new byte[] {0x03}, new byte[] {0x03, (byte) 0xe7},
                        new byte[] {0x03, (byte) 0xed}, new byte[] {0x03, (byte) 0xe8, (byte) 0xff}));
                m.frames.add(new Piece(true, RawWebSocket.CLOSE, close, true));
                // The client closes anyway; Netty may fail it (1002, 1007), echo its 1000, or just close.
                m.closes = Set.of(1000, 1002, 1007);
            }
            case 10 -> {
                m.frames.add(new Piece(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe8, 'b', 'y', 'e'}, true));
                m.closes = Set.of(1000);
            }
            case 11 -> {
                m.frames.add(new Piece(false, RawWebSocket.TEXT, Arrays.copyOf(ping, 5), true));
                m.frames.add(new Piece(true, RawWebSocket.BINARY, ping, true));
            }
            default -> {
                gen.big++;
                ObjectNode o = NODES.objectNode().put("type", "faceCapture").put("id", gen.id())
                        .put("session", gen.fakeSession()).put("image", "");
                byte[] p = gen.padded(o, MESSAGE_LIMIT + 1 + gen.r.nextInt(4096))
                        .getBytes(StandardCharsets.UTF_8);
                int opcode = gen.r.nextInt(4) == 0 ? RawWebSocket.BINARY : RawWebSocket.TEXT;
                m.frames.add(new Piece(true, opcode, p, true));
                m.preview = p.length + " bytes";
                if (gen.r.nextBoolean()) {
                    gen.fragment(m);
                    m.preview += " in " + m.frames.size() + " frames";
                }
                m.closes = Set.of(1009);
            }
        }
        if (m.preview.isEmpty()) {
            m.preview = m.frames.size() == 1 && m.frames.get(0).payload().length <= 16
                    ? "payload " + HexFormat.of().formatHex(m.frames.get(0).payload()) : m.frames.size() + " frames";
        }
        return m;
    }
}
