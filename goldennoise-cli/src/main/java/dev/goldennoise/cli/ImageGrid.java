package dev.goldennoise.cli;

import dev.goldennoise.world.RgbImage;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A picture grid: a header row naming each column, then one row per prompt (its text on the left), one column per
 * image, each image enlarged and framed green when the checker accepts it and red when it does not.
 */
final class ImageGrid {
    private static final int SCALE = 2;
    private static final int FRAME = 3;
    private static final int LABEL = 300;
    static final int HEADER = 24;

    private ImageGrid() {}

    record Cell(RgbImage image, boolean correct) {}

    static BufferedImage draw(List<String> columnLabels, List<String> rowLabels, List<List<Cell>> rows) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int cell = 64 * SCALE + 2 * FRAME;
        BufferedImage canvas = new BufferedImage(LABEL + cols * (cell + 4), HEADER + rows.size() * (cell + 4), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.DARK_GRAY);
        for (int c = 0; c < columnLabels.size(); c++) {
            g.drawString(fit(columnLabels.get(c), g.getFontMetrics(), cell - 4), LABEL + c * (cell + 4) + 2, HEADER - 7);
        }
        for (int r = 0; r < rows.size(); r++) {
            int y = HEADER + r * (cell + 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(rowLabels.get(r), 6, y + cell / 2 + 5);
            for (int c = 0; c < rows.get(r).size(); c++) {
                Cell item = rows.get(r).get(c);
                int x = LABEL + c * (cell + 4);
                g.setColor(item.correct() ? new Color(30, 170, 60) : new Color(210, 40, 40));
                g.fillRect(x, y, cell, cell);
                g.drawImage(item.image().toBufferedImage(), x + FRAME, y + FRAME, 64 * SCALE, 64 * SCALE, null);
            }
        }
        g.dispose();
        return canvas;
    }

    /** The label, cut with an ellipsis where it would run into the next column. */
    static String fit(String label, FontMetrics metrics, int width) {
        if (metrics.stringWidth(label) <= width) {
            return label;
        }
        String cut = label;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
