package org.madoguchi.daemon.config;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which readers the daemon uses, by name pattern ({@code *} any run of characters, {@code ?} one
 * character, matched against the whole PC/SC reader name). A reader is used when it matches some
 * {@code include} pattern (or {@code include} is empty) and no {@code exclude} pattern.
 */
public record ReaderFilter(List<String> include, List<String> exclude) {
    public static final ReaderFilter ALL = new ReaderFilter(List.of(), List.of());

    @JsonCreator
    public ReaderFilter(
            @JsonProperty("include") List<String> include,
            @JsonProperty("exclude") List<String> exclude) {
        this.include = include == null ? List.of() : List.copyOf(include);
        this.exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    public boolean accepts(String readerName) {
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> matches(p, readerName));
        return included && exclude.stream().noneMatch(p -> matches(p, readerName));
    }

    static boolean matches(String glob, String name) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name).matches();
    }
}
