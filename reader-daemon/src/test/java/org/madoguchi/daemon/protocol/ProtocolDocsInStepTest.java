package org.madoguchi.daemon.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.session.Notice;
import org.madoguchi.daemon.session.SessionState;
import org.madoguchi.driver.face.FaceLiveness;
import org.madoguchi.driver.spi.Simulation;

/**
 * Every wire name the daemon can send or take appears in docs/protocol.md and in the JS client's type
 * declarations, so that the contract and the types follow the code.
 */
class ProtocolDocsInStepTest {
    private static final Path PROTOCOL = Path.of("..", "docs", "protocol.md");
    private static final Path TYPES = Path.of("src", "main", "web", "client", "index.d.ts");

    private static List<String> missing(Path file, List<String> names) throws Exception {
        String text = Files.readString(file);
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!text.contains("\"" + n + "\"") && !text.contains("'" + n + "'") && !text.contains("`" + n + "`")) {
                out.add(n);
            }
        }
        return out;
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            n.add(c.code());
        }
        for (Notice c : Notice.values()) {
            n.add(c.code());
        }
        for (SessionState s : SessionState.values()) {
            if (!s.terminal()) {
                n.add(s.code());
            }
        }
        for (MessageType t : MessageType.values()) {
            n.add(t.wireName());
        }
        for (FaceLiveness l : new FaceLiveness[] {FaceLiveness.LIVE, FaceLiveness.NOT_CHECKED}) {
            n.add(l.code());
        }
        for (Simulation.FaceOutcome o : Simulation.FaceOutcome.values()) {
            n.add(o.code());
        }
        return n;
    }

    @Test
    void protocolMdNamesEveryCodeStateNoticeAndMessage() throws Exception {
        assertEquals(List.of(), missing(PROTOCOL, names()));
    }

    @Test
    void theClientsTypesNameThemToo() throws Exception {
        assertEquals(List.of(), missing(TYPES, names()));
    }
}
