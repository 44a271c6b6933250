package dev.goldennoise.eval;

import dev.goldennoise.score.CheckerScorer;
import dev.goldennoise.score.Scorer;
import dev.goldennoise.world.PromptParser;
import dev.goldennoise.world.Renderer;
import dev.goldennoise.world.Rgb;
import dev.goldennoise.world.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistics on hand-made images: exact renders (the checker accepts them) against blank images (it rejects them). */
class EvaluationTest {
    private static final List<String> PROMPTS = List.of("a red circle", "two blue squares", "a red circle and a blue square");

    @Test
    void perfectImagesBeatBlankOnesEverywhere() {
        List<EvaluationItem> items = EvaluationItem.expand(PROMPTS, List.of(0L, 1L));
        List<RgbImage> renders = new ArrayList<>();
        List<RgbImage> blanks = new ArrayList<>();
        for (EvaluationItem it : items) {
            renders.add(Renderer.render(PromptParser.parse(it.prompt()), it.seed()));
            blanks.add(RgbImage.filled(64, 64, new Rgb(128, 128, 128)));
        }
        // the baseline is blank; "standard#2" stands for a strategy that finds perfect images at twice the time
        List<LabelledStrategy> strategies = LabelledStrategy.fromNames(List.of("standard", "standard"), LabelledStrategyTest.CONTEXT);
        double[] fast = new double[items.size()];
        double[] slow = new double[items.size()];
        java.util.Arrays.fill(fast, 0.5);
        java.util.Arrays.fill(slow, 1.0);
        GeneratedImages g = new GeneratedImages(Map.of("standard", blanks, "standard#2", renders),
                Map.of("standard", names(items.size()), "standard#2", names(items.size())),
                Map.of("standard", fast, "standard#2", slow), 0, 2 * items.size());
        List<Scorer> scorers = List.of(CheckerScorer.correct(), CheckerScorer.partial());
        Evaluation e = Evaluation.of(items, strategies, scorers, g, ScoreSheet.of(items, g.images(), scorers, 4), 40);

        assertEquals(List.of("all", "single", "pair", "counting"), e.groups());
        assertEquals(1.0, e.summary().get("standard#2").get("all").accuracy());
        assertEquals(0.0, e.summary().get("standard").get("pair").accuracy());
        assertEquals(2, e.summary().get("standard").get("pair").n());
        PairedComparison c = e.comparisons().get("standard#2").get("checker").get("all");
        assertEquals(6, c.wins());
        assertEquals(0, c.ties());
        assertEquals(1.0, c.winRate());
        assertEquals(2.0 / 64, c.pValue(), 1e-12);
        assertEquals(100.0, e.cost().get("standard#2").extraTimePercent(), 1e-9);
        assertEquals(40, e.cost().get("standard").denoiserCallsPerImage());

        PocSummary answer = PocSummary.of(e, null);
        assertEquals("checker", answer.primary());
        StrategyAnswer row = answer.rows().get(0);
        assertEquals(1.0, row.gain().gain(), 1e-12);
        assertEquals(100.0, row.extraCorrectPer100(), 1e-9);
        assertEquals(Verdict.BETTER, row.verdict(), "a clean win with no judge, on the checker, is better");

        String table = SummaryTable.of(e, answer);
        assertTrue(table.startsWith("against standard, primary metric checker"), table);
        assertTrue(table.contains("standard#2 / checker"), table);
        Map<String, Object> tree = ResultsJson.tree(Map.of(), Map.of(), e, answer);
        assertEquals(List.of("settings", "provenance", "answer", "items", "summary", "comparisons", "cost"), List.copyOf(tree.keySet()));
    }

    private static List<String> names(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("images/x/" + i + ".png");
        }
        return out;
    }
}
