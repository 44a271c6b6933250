package dev.goldennoise.cli;

import dev.goldennoise.world.PromptException;
import dev.goldennoise.world.PromptParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prompts given as arguments or one per line in {@code --prompts-file}; all checked before any work starts. */
public final class PromptInput {
    private static final String NO_PROMPTS = "no prompts given; pass them as arguments, e.g. \"a red circle\", or with"
            + " --prompts-file FILE";

    @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "Prompts, each quoted, e.g. \"a red circle\".")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--prompts-file", paramLabel = "FILE", description = "A text file with one prompt per line (blank lines and"
            + " lines starting with # are skipped), or a .csv file with a header row and a prompt column (named prompt, prompts,"
            + " caption or text, in any case), as DrawBench, Pick-a-Pic and HPD ship their prompts.")
    Path promptsFile;

    /** One prompt of a file and the line it is on (from 1), so that an error can point at it. */
    record Line(int number, String text) {}

    /** One prompt per line of a --prompts-file; blank lines and lines starting with # are skipped. */
    static List<String> readFile(Path file) {
        return readLines(file).stream().map(Line::text).toList();
    }

    /**
     * The numbered prompt lines of a file: UTF-8 (a byte-order mark is dropped), decoded line by line so that bytes
     * that are not UTF-8 are reported with their line number.
     */
    static List<Line> readLines(Path file) {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return readCsv(file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("--prompts-file " + file + " not found");
        } catch (IOException e) {
            throw new UserError("cannot read --prompts-file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        List<Line> out = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            String line;
            try {
                line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            } catch (CharacterCodingException e) {
                throw new UserError("--prompts-file " + file + " line " + number + " is not UTF-8 text; save the file as UTF-8");
            }
            String t = PromptParser.normalise(line);
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(new Line(number, line.strip().replace("\uFEFF", "")));
            }
            start = end + 1;
        }
        return out;
    }

    /** The column names a prompt column goes by in the datasets that ship prompts as CSV. */
    static final List<String> PROMPT_COLUMNS = List.of("prompt", "prompts", "caption", "text");

    /** The prompt column of a CSV file with a header row; each prompt with the line its record starts on. */
    static List<Line> readCsv(Path file) {
        CsvMapper mapper = new CsvMapper();
        List<Line> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            String column = null;
            while (rows.hasNextValue()) {
                int line = rows.getCurrentLocation().getLineNr(); // where the record starts, before it is read
                Map<String, String> row = rows.nextValue();
                if (column == null) {
                    column = row.keySet().stream().filter(k -> PROMPT_COLUMNS.contains(k.replace("\uFEFF", "").strip().toLowerCase(java.util.Locale.ROOT)))
                            .findFirst().orElseThrow(() -> new UserError("--prompts-file " + file + " has no prompt column (its columns are "
                                    + row.keySet() + "); name one of " + PROMPT_COLUMNS));
                }
                String text = row.getOrDefault(column, "");
                if (!PromptParser.normalise(text).isEmpty()) {
                    out.add(new Line(line, text.strip().replace("\uFEFF", "")));
                }
            }
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            throw new UserError("--prompts-file " + file + " not found");
        } catch (UserError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UserError("--prompts-file " + file + " is not readable CSV: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "; a header row, then one record per line, fields with commas in double quotes");
        }
        return out;
    }

    /** The prompts in the shapes world's grammar, normalised; unknown words are a one-line error naming the line. */
    public List<String> read() {
        List<String> canonical = new ArrayList<>();
        for (String p : prompts) {
            canonical.add(PromptParser.parse(p).prompt());
        }
        if (promptsFile != null) {
            for (Line line : readLines(promptsFile)) {
                try {
                    canonical.add(PromptParser.parse(line.text()).prompt());
                } catch (PromptException e) {
                    throw new UserError("--prompts-file " + promptsFile + " line " + line.number() + ": " + e.getMessage());
                }
            }
        }
        if (canonical.isEmpty()) {
            throw new UserError(NO_PROMPTS);
        }
        return canonical;
    }

    /** The prompts as given, for models that take any text (ONNX exports). */
    public List<String> readFree() {
        List<String> all = new ArrayList<>(prompts);
        if (promptsFile != null) {
            all.addAll(readFile(promptsFile));
        }
        if (all.isEmpty()) {
            throw new UserError(NO_PROMPTS);
        }
        return all;
    }
}
