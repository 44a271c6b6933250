package dev.goldennoise.cli;

import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageGridTest {
    private static boolean inked(BufferedImage img, int x0, int x1, int y0, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void columnsAreLabelledAboveTheirImages() {
        RgbImage blank = new RgbImage(64, 64);
        List<List<ImageGrid.Cell>> rows = List.of(List.of(new ImageGrid.Cell(blank, true), new ImageGrid.Cell(blank, false)));
        BufferedImage labelled = ImageGrid.draw(List.of("seed 0: standard", "seed 0: npnet"), List.of("a red circle"), rows);
        BufferedImage unlabelled = ImageGrid.draw(List.of(), List.of("a red circle"), rows);
        int cell = 64 * 2 + 6;
        assertEquals(ImageGrid.HEADER + cell + 4, labelled.getHeight());
        // the header strip above each image column has text in it, and nothing without labels
        assertTrue(inked(labelled, 300, 300 + cell, 0, ImageGrid.HEADER), "first column label");
        assertTrue(inked(labelled, 300 + cell + 4, 300 + 2 * cell + 4, 0, ImageGrid.HEADER), "second column label");
        assertTrue(!inked(unlabelled, 300, unlabelled.getWidth(), 0, ImageGrid.HEADER), "no labels, no ink");
    }

    @Test
    void longLabelsAreCutToTheirColumn() {
        java.awt.FontMetrics m = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
                .getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
        String fitted = ImageGrid.fit("seed 0: npnet:models/npnet/paper.safetensors", m, 130);
        assertTrue(fitted.endsWith("…") && m.stringWidth(fitted) <= 130, fitted);
        assertEquals("seed 0: npnet", ImageGrid.fit("seed 0: npnet", m, 130));
    }
}
