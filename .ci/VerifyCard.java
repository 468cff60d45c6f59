import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * CI: verifies the card on a running daemon the way the kiosk does (hello with the kiosk token,
 * PIN mode, the PIN, consent) and prints the result. Exit 0 when it is verified (and, with a
 * fourth argument, when the certificate chain has that verdict), else 1.
 *   java --class-path reader-daemon/target/madoguchi.jar .ci/VerifyCard.java BASE_URL TOKEN PIN [CHAIN]
 * The token and the PIN are never printed.
 */
public class VerifyCard {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String pin = args[2];
        String chain = args.length > 3 ? args[3] : null;
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        StringBuilder partial = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/v1/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            inbox.add(partial.toString());
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        send(ws, Map.of("type", "hello", "client", "ci-verify", "token", token));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int ids = 0;
        boolean pinSent = false;
        String session = null;
        while (System.nanoTime() < deadline) {
            String text = inbox.poll(1, TimeUnit.SECONDS);
            if (text == null) {
                continue;
            }
            JsonNode m = JSON.readTree(text);
            String type = m.path("type").asText();
            switch (type) {
                case "welcome" -> System.out.println("verify-card: welcome, role " + m.path("role").asText()
                        + ", readers " + m.path("readers").size());
                case "error" -> {
                    System.out.println("verify-card: error " + m.path("code").asText() + " " + m.path("message"));
                    System.exit(1);
                }
                case "session" -> {
                    if (session != null && !session.equals(m.path("session").asText())) {
                        break;
                    }
                    session = m.path("session").asText();
                    String state = m.path("state").asText();
                    System.out.println("verify-card: session " + state);
                    String id = "c" + (++ids);
                    switch (state) {
                        case "choose_mode" -> send(ws, Map.of("type", "chooseMode", "id", id, "session", session, "mode", "pin"));
                        case "pin_entry" -> {
                            JsonNode p = m.path("pin");
                            if (p.path("retriesLeft").asInt() == 1 && !p.path("lastTryConfirmed").asBoolean()) {
                                System.out.println("verify-card: one try left; not risking the card's PIN");
                                System.exit(1);
                            }
                            if (pinSent) {
                                System.out.println("verify-card: the PIN was refused (" + m.path("message").path("en").asText() + ")");
                                System.exit(1);
                            }
                            pinSent = true;
                            send(ws, Map.of("type", "submitPin", "id", id, "session", session, "pin", pin));
                        }
                        case "consent" -> {
                            var answers = new java.util.LinkedHashMap<String, Boolean>();
                            m.path("consent").path("items").forEach(i -> answers.put(i.asText(), true));
                            send(ws, Map.of("type", "submitConsent", "id", id, "session", session, "answers", answers));
                        }
                        default -> { }
                    }
                }
                case "result" -> {
                    String outcome = m.path("outcome").asText();
                    String verdict = m.path("certificate").path("chain").asText();
                    System.out.println("verify-card: result " + outcome + " by " + m.path("method").asText()
                            + ", reason " + m.path("reason").asText("none") + ", chain " + verdict
                            + ", reader " + m.path("reader").asText());
                    boolean ok = outcome.equals("verified") && (chain == null || chain.equals(verdict));
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
                    System.exit(ok ? 0 : 1);
                }
                default -> { }
            }
        }
        System.out.println("verify-card: no result within 60 s");
        System.exit(1);
    }

    static void send(WebSocket ws, Map<String, ?> message) throws Exception {
        ws.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    }
}
