package dev.goldennoise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.goldennoise.model.builtin.BaseCardUse;
import dev.goldennoise.npnet.NpnetCardUse;
import dev.goldennoise.score.ScorerCardUse;
import dev.goldennoise.tensor.AtomicFiles;
import dev.goldennoise.util.CardUse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "card", mixinStandardHelpOptions = true,
        header = "Say what a model is for, from its card.",
        description = {"Say what a model is for: read a model card (*.card.json of the base model, a scorer or",
                "an NPNet) and print its intended use, the data it saw, its known limits and its evaluation",
                "summary, worked out from the figures the card records. --write stores that section in",
                "the card under \"use\" (the training commands write it themselves)."})
public final class CardCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(paramLabel = "CARD", arity = "1..*", description = "Model card files (*.card.json).")
    List<Path> cards;

    @Option(names = "--write", description = "Store the section in each card (atomic rewrite; everything else kept).")
    boolean write;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        for (Path file : cards) {
            JsonNode card = read(file);
            CardUse use = useOf(file, card);
            w.printf("%s%n  intended use: %s%n  data: %s%n  known limits:%n", file, use.intendedUse(), use.data());
            use.knownLimits().forEach(l -> w.printf("    - %s%n", l));
            w.printf("  evaluation:%n");
            use.evaluation().forEach((k, v) -> w.printf("    %s: %s%n", k, v));
            if (write) {
                ((ObjectNode) card).set(CardUse.KEY, JSON.valueToTree(use.toMap()));
                AtomicFiles.writeString(file, JSON.writeValueAsString(card) + "\n");
                w.printf("  written to %s%n", file);
            }
        }
        w.flush();
        return 0;
    }

    static CardUse useOf(Path file, JsonNode card) {
        if (BaseCardUse.describes(card)) {
            return BaseCardUse.of(card);
        }
        if (ScorerCardUse.describes(card)) {
            return ScorerCardUse.of(card);
        }
        if (NpnetCardUse.describes(card)) {
            return NpnetCardUse.of(card);
        }
        throw new UserError(file + " is not a card of the base model, a scorer or an NPNet (its \"model\" is '"
                + card.path("model").asText() + "'); give a *.card.json written by train-base, train-scorer or train-npnet");
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("no card at " + file + "; give a *.card.json file, e.g. models/npnet/npnet.card.json");
        }
        try {
            JsonNode card = JSON.readTree(file.toFile());
            if (card == null || !card.isObject()) {
                throw new UserError(file + " does not hold a JSON object; give a *.card.json file");
            }
            return card;
        } catch (IOException e) {
            throw new UserError(file + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
