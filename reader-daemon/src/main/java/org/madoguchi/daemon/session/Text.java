package org.madoguchi.daemon.session;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A sentence for people, in Japanese (shown first) and English. On the wire it is an object
 * {@code {"ja": …, "en": …}}; front-ends show the language they are set to.
 */
@JsonPropertyOrder({"ja", "en"})
public record Text(String ja, String en) {
    public Text {
        Objects.requireNonNull(ja);
        Objects.requireNonNull(en);
    }

    public static Text of(String ja, String en) {
        return new Text(ja, en);
    }

    /** Both languages on one line, Japanese first: for logs and exception messages. */
    @Override
    public String toString() {
        return ja + " / " + en;
    }
}
