package dev.goldennoise.score;

import dev.goldennoise.world.RgbImage;

import java.util.List;

/** A test scorer: the sum of one colour channel over the image. Any fixed function of the image will do. */
public final class ChannelSumScorer implements Scorer {
    private final int channel;

    /** @param channel 0 red, 1 green, 2 blue */
    public ChannelSumScorer(int channel) {
        this.channel = channel;
    }

    @Override
    public String name() {
        return "channel-" + channel;
    }

    @Override
    public String scale() {
        return "sum of one colour channel";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double[] score(List<RgbImage> images, List<String> prompts) {
        double[] out = new double[images.size()];
        for (int i = 0; i < out.length; i++) {
            RgbImage im = images.get(i);
            for (int y = 0; y < im.height(); y++) {
                for (int x = 0; x < im.width(); x++) {
                    out[i] += channel == 0 ? im.r(x, y) : channel == 1 ? im.g(x, y) : im.b(x, y);
                }
            }
        }
        return out;
    }
}
