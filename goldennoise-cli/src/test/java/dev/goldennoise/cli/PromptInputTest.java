package dev.goldennoise.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptInputTest {
    @Test
    void aCsvFileGivesItsPromptColumnWithTheLineEachRecordStartsOn(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("drawbench.csv");
        // DrawBench's header spells the column "Prompts"; quoted fields may hold commas and line breaks
        Files.writeString(csv, "Prompts,Category\na red circle,Colors\n\"a cat, sitting\",Misc\n\"two\nlines\",Misc\n,Empty\nlast,Misc\n");
        assertEquals(List.of(new PromptInput.Line(2, "a red circle"), new PromptInput.Line(3, "a cat, sitting"),
                new PromptInput.Line(4, "two\nlines"), new PromptInput.Line(7, "last")), PromptInput.readLines(csv));

        Path withBom = dir.resolve("bom.csv");
        Files.writeString(withBom, "\uFEFFprompt\na red circle\n");
        assertEquals(List.of(new PromptInput.Line(2, "a red circle")), PromptInput.readLines(withBom), "a spreadsheet's byte-order mark");

        Path noColumn = dir.resolve("other.csv");
        Files.writeString(noColumn, "id,words\n1,a cat\n");
        UserError e = assertThrows(UserError.class, () -> PromptInput.readLines(noColumn));
        assertTrue(e.getMessage().contains("no prompt column") && e.getMessage().contains("words"), e.getMessage());

        Path broken = dir.resolve("broken.csv");
        Files.writeString(broken, "prompt\n\"never closed\n");
        UserError b = assertThrows(UserError.class, () -> PromptInput.readLines(broken));
        assertEquals(1, b.getMessage().lines().count(), b.getMessage());
    }

    @Test
    void shapesPromptsFromACsvNameTheLineOfABadOne(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("p.csv");
        Files.writeString(csv, "prompt\na red circle\na photo of a cat\n");
        PromptInput in = new PromptInput();
        in.promptsFile = csv;
        UserError e = assertThrows(UserError.class, in::read);
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }
}
