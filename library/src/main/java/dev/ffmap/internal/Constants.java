package dev.ffmap.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A backend's table of C constants: name to platform value, filled from generated bindings.
 * Answers {@link Os#constant} and renders masks back to names for error messages.
 */
final class Constants {
    /** Families whose values are choices, not bits: rendered by exact match. */
    private static final List<String> ENUMERATED = List.of("MADV", "POSIX_FADV");

    private final Map<String, Integer> values = new LinkedHashMap<>();
    /** For names the platform lacks but has a stand-in for: what to use instead. */
    private final Map<String, String> hints = new HashMap<>();

    Constants put(String name, int value) {
        values.put(name, value);
        return this;
    }

    /** Records that {@code name} is absent here and why, for the UnsupportedOperationException's message. */
    Constants hint(String name, String text) {
        hints.put(name, text);
        return this;
    }

    /** The message for asking for {@code name} where the platform {@code os} lacks it. */
    String missing(String name, String os) {
        String hint = hints.get(name);
        return name + " is not available on " + os + (hint == null ? "" : " (" + hint + ")");
    }

    OptionalInt get(String name) {
        Integer v = values.get(name);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    String describe(String family, int value) {
        String prefix = family + "_";
        List<Map.Entry<String, Integer>> members = new ArrayList<>();
        for (Map.Entry<String, Integer> e : values.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                members.add(e);
            }
        }
        if (ENUMERATED.contains(family)) {
            for (Map.Entry<String, Integer> e : members) {
                if (e.getValue() == value) {
                    return e.getKey();
                }
            }
            return hex(value);
        }
        return describeBits(members, value);
    }

    /** Widest masks first, so MAP_SHARED_VALIDATE (3) wins over MAP_SHARED (1) + MAP_PRIVATE (2). */
    private static String describeBits(List<Map.Entry<String, Integer>> members, int value) {
        members.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> Integer.bitCount(e.getValue())).reversed());
        StringBuilder out = new StringBuilder();
        int rest = value;
        for (Map.Entry<String, Integer> e : members) {
            int bits = e.getValue();
            if (bits != 0 && (rest & bits) == bits) {
                append(out, e.getKey());
                rest &= ~bits;
            }
        }
        if (rest != 0) {
            append(out, hex(rest));
        }
        if (out.isEmpty()) {
            String zero = members.stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).findFirst().orElse("0");
            out.append(zero);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String part) {
        if (!out.isEmpty()) {
            out.append('|');
        }
        out.append(part);
    }

    static String hex(long value) {
        return String.format(Locale.ROOT, "0x%x", value);
    }
}
