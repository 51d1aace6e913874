package io.holdfast.cli.sample;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small synthetic RGB images encoded as PNG: a class-tinted gradient, a few discs, and sensor-like noise. */
final class SampleImages {
    static final int SIZE = 192;

    private SampleImages() {}

    /** A PNG image for class number {@code label}, drawn from {@code random}. Needs no display. */
    static byte[] png(Random random, int label) throws IOException {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int[] tint = {(label * 97) % 256, (label * 53 + 80) % 256, (label * 151 + 160) % 256};
        int discs = 2 + random.nextInt(4);
        int[][] disc = new int[discs][];
        for (int d = 0; d < discs; d++) {
            disc[d] = new int[] {
                random.nextInt(SIZE), random.nextInt(SIZE), 8 + random.nextInt(30), random.nextInt(0x1000000)
            };
        }
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int r = tint[0] * x / SIZE + (255 - tint[0]) * y / (2 * SIZE);
                int g = tint[1] * y / SIZE + (255 - tint[1]) * x / (2 * SIZE);
                int b = tint[2] * (x + y) / (2 * SIZE);
                for (int[] c : disc) {
                    int dx = x - c[0];
                    int dy = y - c[1];
                    if (dx * dx + dy * dy <= c[2] * c[2]) {
                        r = (c[3] >> 16) & 0xff;
                        g = (c[3] >> 8) & 0xff;
                        b = c[3] & 0xff;
                    }
                }
                int noise = random.nextInt(25) - 12;
                image.setRGB(x, y, clamp(r + noise) << 16 | clamp(g + noise) << 8 | clamp(b + noise));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        return png.toByteArray();
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
