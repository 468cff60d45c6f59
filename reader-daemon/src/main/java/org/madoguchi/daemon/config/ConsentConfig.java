package org.madoguchi.daemon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.madoguchi.daemon.session.ConsentItem;

/**
 * The consent step after a verification ({@code consent} in the configuration).
 *
 * @param items   what the patient is asked, in this order; empty turns the consent step off.
 *                Default: {@code medication, treatment, health_checkup, cost_limit}
 * @param timeout how long the patient has to answer (default 2 minutes); then the session fails with {@code timeout}
 */
public record ConsentConfig(List<ConsentItem> items, Duration timeout) {
    public static final List<ConsentItem> DEFAULT_ITEMS = List.of(ConsentItem.MEDICATION, ConsentItem.TREATMENT,
            ConsentItem.HEALTH_CHECKUP, ConsentItem.COST_LIMIT);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    public static final ConsentConfig DEFAULT = new ConsentConfig(DEFAULT_ITEMS, DEFAULT_TIMEOUT);
    /** No consent step. */
    public static final ConsentConfig OFF = new ConsentConfig(List.of(), DEFAULT_TIMEOUT);

    @JsonCreator
    static ConsentConfig fromYaml(@JsonProperty("items") List<String> items, @JsonProperty("timeout") String timeout) {
        List<ConsentItem> parsed = new ArrayList<>();
        if (items == null) {
            parsed.addAll(DEFAULT_ITEMS);
        } else {
            for (String name : items) {
                parsed.add(ConsentItem.of(name == null ? "" : name).orElseThrow(() -> new IllegalArgumentException(
                        "consent.items に使えるのは medication, treatment, health_checkup, cost_limit です"
                                + " / consent.items may hold medication, treatment, health_checkup, cost_limit: "
                                + name)));
            }
        }
        return new ConsentConfig(parsed, timeout == null ? DEFAULT_TIMEOUT : Durations.parse("consent.timeout",
                timeout));
    }

    public ConsentConfig {
        items = List.copyOf(items);
        if (items.stream().distinct().count() != items.size()) {
            throw new IllegalArgumentException("consent.items に同じ項目が二度あります / consent.items repeats an item");
        }
        if (timeout.compareTo(Duration.ofSeconds(10)) < 0 || timeout.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("consent.timeout は 10s〜30m で指定してください"
                    + " / consent.timeout must be between 10s and 30m: " + timeout.toSeconds() + "s");
        }
    }
}
