package dev.goldennoise.npd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a collection lies on disk ({@code collect --layout}). Either way pairs are collected in shards of equal size,
 * each written whole or not at all; the layouts differ in the files, and so in how a finished shard is recognised.
 */
public enum NpdLayout {
    /** This tool's: shard-NNNNN.npz (K pairs per array) with shard-NNNNN.jsonl ({@link NpdShardWriter}). */
    SHARDS("shards"),
    /** The official NPNet code's: one npz/{index}_{seed}.npz per pair and pairs.jsonl ({@link OfficialPairWriter}). */
    OFFICIAL("official");

    private final String label;

    NpdLayout(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static NpdLayout parse(String name) {
        for (NpdLayout l : values()) {
            if (l.label.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown --layout '" + name + "'; choose shards or official");
    }

    /** The shards machine {@code part} of {@code parts} is responsible for that are not complete in {@code dir}. */
    public List<Integer> shardsToDo(Path dir, long count, int shardSize, int part, int parts) throws IOException {
        int shards = (int) ((count + shardSize - 1) / shardSize);
        Set<Long> written = this == OFFICIAL ? OfficialPairWriter.writtenIndices(dir) : Set.of();
        List<Integer> out = new ArrayList<>();
        for (int s = part; s < shards; s += parts) {
            if (!(this == SHARDS ? NpdShardWriter.isComplete(dir, s) : allWritten(written, (long) s * shardSize, shardSize))) {
                out.add(s);
            }
        }
        return out;
    }

    void write(Path dir, int shard, long[] latentShape, List<NoisePair> pairs) throws IOException {
        if (this == SHARDS) {
            NpdShardWriter.write(dir, shard, latentShape, pairs);
        } else {
            OfficialPairWriter.write(dir, latentShape, pairs);
        }
    }

    private static boolean allWritten(Set<Long> written, long first, int size) {
        for (long i = first; i < first + size; i++) {
            if (!written.contains(i)) {
                return false;
            }
        }
        return true;
    }
}
