package dev.goldennoise.serve;

import dev.goldennoise.npd.NoisePair;
import dev.goldennoise.npd.NpdShardWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feedback loop's first half: the human votes on comparisons as noise pairs in the NPD shard format, which
 * {@code train-npnet --data} reads. Each vote is one pair: x_T (the standard noise, shown as the control image) as the
 * source, the golden noise x_T' as the target, and the choice as the two scores: golden picked scores the source 0
 * and the target 1, control picked 1 and 0, "same" ½ and ½. So the margin filter keeps exactly the pairs where
 * people preferred golden noise. A pair's index is its vote's number, so two votes on one comparison are two pairs.
 *
 * <p>Votes on single images ({@code up}, {@code down}) compare nothing with anything and are not exported.
 */
public final class FeedbackExport {
    /** What was written. */
    public record Summary(int pairs, int shards, Map<String, Integer> choices, long leftOut) {}

    private FeedbackExport() {}

    public static Summary export(ServeDatabase db, Path out, int shardSize) throws IOException, SQLException {
        if (shardSize < 1) {
            throw new IllegalArgumentException("the shard size must be at least 1, got " + shardSize);
        }
        List<ServeDatabase.ComparisonVote> votes = db.comparisonVotes();
        Map<String, Integer> choices = new LinkedHashMap<>();
        VoteTarget.COMPARISON_CHOICES.forEach(c -> choices.put(c, 0));
        List<NoisePair> pairs = new ArrayList<>();
        int[] shape = null;
        for (ServeDatabase.ComparisonVote v : votes) {
            if (shape != null && !Arrays.equals(shape, v.shape())) {
                throw new IllegalArgumentException("the votes mix latent shapes " + Arrays.toString(shape) + " and "
                        + Arrays.toString(v.shape()) + " (the data folder served two models); export each model's data apart");
            }
            shape = v.shape();
            double golden = new VoteTarget(true, null, v.goldenFirst()).goldenScore(v.choice());
            pairs.add(new NoisePair(v.vote(), v.seed(), v.prompt(), v.initialNoise(), v.goldenNoise(), 1 - golden, golden));
            choices.merge(v.choice(), 1, Integer::sum);
        }
        int shards = 0;
        for (int start = 0; start < pairs.size(); start += shardSize) {
            NpdShardWriter.write(out, shards++, Arrays.stream(shape).asLongStream().toArray(),
                    pairs.subList(start, Math.min(pairs.size(), start + shardSize)));
        }
        long singleVotes = db.count("votes") - votes.size();
        return new Summary(pairs.size(), shards, choices, singleVotes);
    }
}
