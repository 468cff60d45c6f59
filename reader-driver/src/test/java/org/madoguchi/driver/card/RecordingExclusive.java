package org.madoguchi.driver.card;

import java.util.ArrayList;
import java.util.List;

/** Records begin/end of transactions so tests can see that every begin has its end. */
final class RecordingExclusive implements Exclusive {
    private final List<String> events = new ArrayList<>();

    @Override
    public void begin() {
        events.add("begin");
    }

    @Override
    public void end() {
        events.add("end");
    }

    String log() {
        return String.join(",", events);
    }
}
