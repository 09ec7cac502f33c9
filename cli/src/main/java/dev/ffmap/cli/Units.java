package dev.ffmap.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** Sizes and rates in binary units, both ways: {@code 5368709120} is {@code "5.0 GiB"}; {@code "5G"} is 5 GiB. */
final class Units {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    /** {@code bytes} in the largest unit that keeps the number at least 1, e.g. {@code "1.5 GiB"}. */
    static String human(long bytes) {
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    /** {@code "1 file"}, {@code "3 files"}. */
    static String files(int count) {
        return count == 1 ? "1 file" : count + " files";
    }

    /** A rate such as {@code "1.2 GiB/s"}; {@code nanos} 0 counts as 1 ns. */
    static String rate(long bytes, long nanos) {
        return human((long) (bytes * 1e9 / Math.max(1, nanos))) + "/s";
    }

    /** Seconds with a sensible number of digits, e.g. {@code "0.041 s"}, {@code "12.3 s"}. */
    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return String.format(Locale.ROOT, s < 10 ? "%.3f s" : "%.1f s", s);
    }

    /**
     * Parses {@code 4096}, {@code 64K}, {@code 64k}, {@code 1.5G}, {@code 5GiB}, {@code 5 GB}:
     * K, M, G, T, P are powers of 1024, with or without {@code iB}/{@code B}.
     *
     * @throws IllegalArgumentException not such a size, or 2^63 bytes or more
     */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        t = t.endsWith("IB") ? t.substring(0, t.length() - 2) : t.endsWith("B") ? t.substring(0, t.length() - 1) : t;
        int shift = t.isEmpty() ? -1 : switch (t.charAt(t.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            default -> 0;
        };
        String number = shift > 0 ? t.substring(0, t.length() - 1) : t;
        try {
            double value = Double.parseDouble(number) * Math.pow(2, shift);
            if (shift >= 0 && value >= 0 && value < 0x1p63 && !number.isEmpty() && Character.isDigit(number.charAt(0))) {
                return (long) value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("a size such as 4096, 64K, 512M or 5G, not '" + text + "'");
    }

    /** The picocli converter for size options ({@code --size 5G}). */
    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
