package dev.ffmap.cli;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * The picture {@code ffmap residency --png} writes: one bar per file, one cell per run of pages,
 * shaded from grey (none resident) to green (all resident), drawn with Java 2D and encoded by
 * ImageIO, both in the JDK's {@code java.desktop} module, so the library keeps no dependency.
 */
final class ResidencyPicture {
    private static final int MAX_ROWS = 400;
    private static final int LABEL = 320;
    private static final int BAR = 768;
    private static final int FIGURES = 200;
    private static final int ROW = 24;
    private static final int MARGIN = 16;
    private static final Color NONE = new Color(0xE4, 0xE4, 0xE4);
    private static final Color ALL = new Color(0x1B, 0x78, 0x37);

    private ResidencyPicture() {
    }

    /** Draws the picture into {@code file}, which must not exist yet unless {@code replace}. */
    static void write(Path file, List<CacheState> states, int width, boolean replace) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int rows = Math.min(states.size(), MAX_ROWS);
        int height = MARGIN + 30 + (rows + (states.size() > MAX_ROWS ? 1 : 0)) * ROW + 60 + MARGIN;
        BufferedImage image = new BufferedImage(MARGIN + LABEL + BAR + FIGURES + MARGIN, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            ResidencyCommand.Total t = ResidencyCommand.Total.of(states);
            g.drawString(String.format(Locale.ROOT, "Page-cache residency: %s, %s of %s resident (%.1f%%)",
                    Units.files(states.size()), Units.human(t.residentBytes()), Units.human(t.size()), t.percent()), MARGIN, MARGIN + 16);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int y = MARGIN + 30;
            for (CacheState s : states.subList(0, rows)) {
                row(g, s, width, y);
                y += ROW;
            }
            if (states.size() > MAX_ROWS) {
                g.setColor(Color.BLACK);
                g.drawString("... and " + (states.size() - MAX_ROWS) + " more files (see the text or --json output)",
                        MARGIN, y + 16);
                y += ROW;
            }
            legend(g, width, y + 16);
        } finally {
            g.dispose();
        }
        ImageIO.setUseCache(false);
        OpenOption[] open = replace ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE} : new OpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        try (OutputStream out = Files.newOutputStream(file, open)) { // a missing directory is NoSuchFileException
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JDK");
            }
        }
    }

    private static void row(Graphics2D g, CacheState s, int width, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(fit(s.path().toString(), fm, LABEL - 10), MARGIN, y + 15);
        double[] cells = s.cells(width);
        int x0 = MARGIN + LABEL;
        for (int c = 0; c < cells.length; c++) {
            int from = x0 + BAR * c / cells.length;
            int to = x0 + BAR * (c + 1) / cells.length;
            g.setColor(shade(cells[c]));
            g.fillRect(from, y + 3, Math.max(1, to - from), ROW - 6);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x0, y + 3, BAR, ROW - 6);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%5.1f%% of %s", 100 * s.fraction(), Units.human(s.size())),
                x0 + BAR + 10, y + 15);
    }

    private static void legend(Graphics2D g, int width, int y) {
        int x0 = MARGIN + LABEL;
        for (int x = 0; x < 200; x++) {
            g.setColor(shade(x / 199.0));
            g.fillRect(x0 + x, y, 1, 14);
        }
        g.setColor(Color.BLACK);
        g.drawString("0%", x0 - 22, y + 12);
        g.drawString("100% of the cell's pages resident", x0 + 206, y + 12);
        g.drawString("each bar is one file from its first page to its last, in " + width
                + " cells; mincore(2) on a read-only mapping", x0, y + 32);
    }

    /** Grey for 0, green for 1, in between by linear blend. */
    private static Color shade(double share) {
        return new Color(mix(NONE.getRed(), ALL.getRed(), share), mix(NONE.getGreen(), ALL.getGreen(), share),
                mix(NONE.getBlue(), ALL.getBlue(), share));
    }

    private static int mix(int from, int to, double share) {
        return (int) Math.round(from + (to - from) * share);
    }

    /** {@code text} cut from the left with "..." until it fits in {@code pixels}. */
    private static String fit(String text, FontMetrics fm, int pixels) {
        String t = text;
        while (fm.stringWidth(t) > pixels && t.length() > 4) {
            t = "..." + t.substring(Math.min(t.length(), 4));
        }
        return t;
    }
}
