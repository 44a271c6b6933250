package dev.goldennoise.npd;

import dev.goldennoise.noise.BestOfNoise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankShardsTest {
    @TempDir
    Path dir;

    @Test
    void writesReadsAndKnowsWhatIsLeft() throws IOException {
        RankShards.write(dir, 1, List.of(new CandidateGroup(3, 77, "a red circle", new double[] {1, 2.5, -0.5})));
        RankShards.write(dir, 0, List.of(new CandidateGroup(0, 5, "two \"blue\" squares", new double[] {4, 3, 2}),
                new CandidateGroup(1, 6, "a green triangle", new double[] {0, 0, 1})));
        List<CandidateGroup> all = RankShards.read(dir);
        assertEquals(List.of(0L, 1L, 3L), all.stream().map(CandidateGroup::index).toList());
        assertEquals("two \"blue\" squares", all.get(0).prompt());
        assertArrayEquals(new double[] {1, 2.5, -0.5}, all.get(2).scores());
        assertEquals(0, all.get(0).best());
        assertEquals(1, all.get(2).best());
        assertEquals(List.of(2, 3), RankShards.shardsToDo(dir, 8, 2, 0, 1));
        assertEquals(List.of(3), RankShards.shardsToDo(dir, 8, 2, 1, 2));
    }

    @Test
    void aBrokenShardIsNamedWithItsFix() throws IOException {
        Files.writeString(dir.resolve("ranks-00000.jsonl"), "{\"index\":0,\"seed\":1,\"prompt\":\"a\",\"scores\":[1,\"x\"]}\n");
        IOException e = assertThrows(IOException.class, () -> RankShards.read(dir));
        assertTrue(e.getMessage().contains("ranks-00000.jsonl line 1") && e.getMessage().contains("delete that shard"), e.getMessage());
        assertThrows(IOException.class, () -> RankShards.read(dir.resolve("none")));
        assertThrows(IllegalArgumentException.class, () -> new CandidateGroup(0, 1, "a", new double[] {1}));
    }

    @Test
    void candidatesAreBestOfNs() {
        assertEquals(42L, CandidateGroup.candidateSeed(42, 0));
        for (int k = 1; k < 5; k++) {
            assertEquals(BestOfNoise.candidateSeed(42, k), CandidateGroup.candidateSeed(42, k));
        }
    }
}
