package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.madoguchi.daemon.DaemonFixture.R0;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.madoguchi.daemon.config.DaemonConfig;
import org.madoguchi.daemon.security.SimulationClients;

/**
 * The @madoguchi/client module, loaded in a page the daemon serves and driven through Selenium's
 * executeAsyncScript: commands resolve and reject with codes, and a reconnect rebuilds the state.
 */
class ClientBrowserTest {
    private static Browser b;

    @BeforeAll
    static void browser() throws Exception {
        b = Browser.start();
    }

    @AfterAll
    static void quit() {
        if (b != null) {
            b.close();
        }
    }

    /** Runs {@code body} (an async function body with {@code client} and {@code M}, the module) in the page. */
    private static Object run(String body, Object... args) {
        return b.asyncJs("const done = arguments[arguments.length - 1]; const args = arguments;"
                + "import('/client/index.js').then(async (M) => { const client = window.__c; try {"
                + body + "} catch (e) { done({thrown: String(e), code: e.code ?? null}); } });", args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void commandsResolveAndRejectWithCodes() throws Exception {
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(DaemonConfig.defaults().withPort(0), 1))) {
            b.open(f.daemon.baseUrl() + "/");
            Map<String, Object> out = (Map<String, Object>) run(
                    "window.__c = new M.MadoguchiClient({token: args[0], client: 'test'});"
                            + "const w = await window.__c.connect(); const c = window.__c; const r = {};"
                            + "r.role = w.role; r.readers = [...c.readers.keys()];"
                            + "r.ping = (await c.ping()).type;"
                            + "try { await c.chooseMode('s-nope', 'pin'); } catch (e) {"
                            + "  r.unknown = [e instanceof M.MadoguchiError, e.code, e.text.ja, e.text.en]; }"
                            + "try { await c.recordDocument({reader: 'x', document: 'passport', staff: 'a'}); } catch (e) {"
                            + "  r.bad = e.code; }"
                            + "const h = await c.history(); r.history = [h.audit, h.entries.length];"
                            + "done(r);", SimulationClients.STAFF_TOKEN);
            assertEquals("staff", out.get("role"), out::toString);
            assertEquals(List.of(R0), out.get("readers"));
            assertEquals("reply", out.get("ping"));
            List<Object> unknown = (List<Object>) out.get("unknown");
            assertEquals(true, unknown.get(0));
            assertEquals("unknown_session", unknown.get(1));
            assertEquals("そのセッションはありません", unknown.get(2));
            assertEquals("bad_request", out.get("bad"));
            assertEquals(List.of("on", 0L), out.get("history"));

            // Events and state: a card placed by the simulator shows up as a session.
            Map<String, Object> session = (Map<String, Object>) run(
                    "const got = new Promise((ok) => client.on('session', (s) => { if (s.state === 'choose_mode') ok(s); }));"
                            + "await client.sim.insert(args[0], 'default'); const s = await got;"
                            + "done({state: s.state, known: client.sessionOn(args[0])?.session === s.session,"
                            + " modes: s.allowedModes});", R0);
            assertEquals("choose_mode", session.get("state"));
            assertEquals(true, session.get("known"));
            assertEquals(List.of("face", "pin"), session.get("modes"));
            run("client.close(); done(true);");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReconnectRebuildsTheStateFromTheReplay() throws Exception {
        int port;
        DaemonConfig config = DaemonConfig.defaults().withPort(0);
        try (DaemonFixture f = new DaemonFixture(DaemonSettings.simulated(config, 1))) {
            port = f.daemon.port();
            b.open(f.daemon.baseUrl() + "/");
            Map<String, Object> before = (Map<String, Object>) run(
                    "window.__c = new M.MadoguchiClient({token: args[0], client: 'test', minDelay: 100, maxDelay: 500});"
                            + "await window.__c.connect(); const c = window.__c;"
                            + "window.__events = []; for (const t of ['sessiongone', 'connection']) c.on(t, (d) =>"
                            + "  window.__events.push({t, state: d.state ?? null, session: d.session ?? null}));"
                            + "const got = new Promise((ok) => c.on('session', (s) => { if (s.state === 'choose_mode') ok(s); }));"
                            + "await c.sim.insert(args[1], 'default'); const s = await got;"
                            + "done({session: s.session, count: c.sessions.size});",
                    SimulationClients.STAFF_TOKEN, R0);
            assertEquals(1L, before.get("count"));
            // A command pending when the daemon goes away rejects with 'disconnected'.
            b.js("window.__pending = window.__c.command('sim.face', {reader: 'nope', outcome: 'match'})"
                    + ".then(() => 'resolved', (e) => e.code); window.__pending.then((c) => { window.__pendingCode = c; });");
            f.close();
            b.until(d -> "closed".equals(b.js("return window.__c.state")) || "connecting".equals(b.js("return window.__c.state")));
            String sessionBefore = (String) before.get("session");

            // A new daemon on the same port: no live session; the client rebuilds from its replay.
            try (DaemonFixture g = new DaemonFixture(DaemonSettings.simulated(config.withPort(port), 1))) {
                assertEquals(port, g.daemon.port());
                b.until(d -> "open".equals(b.js("return window.__c.state")));
                Map<String, Object> after = (Map<String, Object>) run(
                        "done({count: client.sessions.size, readers: [...client.readers.keys()],"
                                + " events: window.__events, pending: window.__pendingCode ?? null});");
                assertEquals(0L, after.get("count"), after::toString);
                assertEquals(List.of(R0), after.get("readers"));
                List<Map<String, Object>> events = (List<Map<String, Object>>) after.get("events");
                assertEquals(1, events.stream().filter(e -> "sessiongone".equals(e.get("t"))
                        && sessionBefore.equals(e.get("session"))).count(), events::toString);
                Object pending = after.get("pending");
                // The sim.face may have been answered before the close; if not, it was rejected as disconnected.
                assertEquals(true, pending == null || "disconnected".equals(pending) || "bad_request".equals(pending),
                        String.valueOf(pending));
                Map<String, Object> again = (Map<String, Object>) run(
                        "const got = new Promise((ok) => client.on('session', (s) => { if (s.state === 'choose_mode') ok(s); }));"
                                + "await client.sim.insert(args[0], 'default'); const s = await got;"
                                + "done({count: client.sessions.size}); client.close();", R0);
                assertEquals(1L, again.get("count"));
            }
        }
    }
}
