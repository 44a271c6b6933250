package dev.goldennoise.model.onnx;

import dev.goldennoise.io.JsonFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer, read from a diffusers export's {@code tokenizer/vocab.json} and
 * {@code merges.txt}: lower-cased, whitespace-collapsed text is split by CLIP's pattern, each piece's UTF-8 bytes are
 * mapped to printable characters (GPT-2's byte table), the last character gets the {@code </w>} end-of-word mark, and
 * pairs are merged in rank order. The ids are wrapped in start and end tokens and padded to the context length.
 * No maintained Java library reads these files, hence this small implementation (ftfy's mojibake repair is left out).
 */
public final class ClipTokenizer {
    public static final String START = "<|startoftext|>";
    public static final String END = "<|endoftext|>";
    public static final int CONTEXT = 77;
    private static final Pattern SPLIT = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final char[] BYTE_TO_CHAR = byteTable();

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks;
    private final int start;
    private final int end;
    private final int pad;
    private final Map<String, List<String>> cache = new HashMap<>();

    public ClipTokenizer(Map<String, Integer> vocab, List<String> merges, int padId) {
        this.vocab = Map.copyOf(vocab);
        this.ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            ranks.putIfAbsent(merges.get(i), i);
        }
        Integer s = vocab.get(START);
        Integer e = vocab.get(END);
        if (s == null || e == null) {
            throw new IllegalArgumentException("the vocabulary has no " + START + " or " + END + " token");
        }
        this.start = s;
        this.end = e;
        this.pad = padId;
    }

    /**
     * Reads {@code vocab.json} and {@code merges.txt} from a tokenizer folder. The padding token comes from
     * {@code special_tokens_map.json} or {@code tokenizer_config.json} when they name one (SD 2.x and SDXL's second
     * tokenizer pad with "!"), otherwise the end token (SD 1.x).
     */
    public static ClipTokenizer load(Path folder) throws IOException {
        Path vocabFile = folder.resolve("vocab.json");
        Path mergesFile = folder.resolve("merges.txt");
        for (Path f : List.of(vocabFile, mergesFile)) {
            if (!Files.isRegularFile(f)) {
                throw new IOException("missing " + f + "; a CLIP tokenizer folder holds vocab.json and merges.txt (diffusers export layout)");
            }
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> vocab = new HashMap<>();
        try {
            JsonFiles.read(vocabFile).fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        } catch (IOException e) {
            throw new IOException("cannot read " + vocabFile + " as a JSON object of token → id: " + e.getMessage(), e);
        }
        List<String> merges = new ArrayList<>();
        for (String line : Files.readAllLines(mergesFile, StandardCharsets.UTF_8)) {
            if (line.startsWith("#version") || line.isBlank()) {
                continue;
            }
            merges.add(line.trim());
        }
        String padToken = null;
        for (String name : List.of("special_tokens_map.json", "tokenizer_config.json")) {
            Path f = folder.resolve(name);
            if (padToken == null && Files.isRegularFile(f)) {
                JsonNode p = JsonFiles.read(f).get("pad_token");
                if (p != null && !p.isNull()) {
                    padToken = p.isTextual() ? p.asText() : p.path("content").asText(null);
                }
            }
        }
        Integer padId = padToken == null ? vocab.get(END) : vocab.get(padToken);
        if (padId == null) {
            throw new IOException(folder + " names the padding token '" + padToken + "', which is not in vocab.json");
        }
        return new ClipTokenizer(vocab, merges, padId);
    }

    /** The id of the end token, which ends every prompt (and pads SD 1.x prompts). */
    public int endId() {
        return end;
    }

    /** The BPE token strings of a text, without start, end or padding. */
    public List<String> tokens(String text) {
        String clean = text.replaceAll("\\s+", " ").strip().toLowerCase(java.util.Locale.ROOT);
        List<String> out = new ArrayList<>();
        Matcher m = SPLIT.matcher(clean);
        while (m.find()) {
            byte[] bytes = m.group().getBytes(StandardCharsets.UTF_8);
            StringBuilder mapped = new StringBuilder();
            for (byte b : bytes) {
                mapped.append(BYTE_TO_CHAR[b & 0xff]);
            }
            out.addAll(cache.computeIfAbsent(mapped.toString(), this::bpe));
        }
        return out;
    }

    /** Ids for the text encoder: start, the text's tokens, end, padding; truncated to {@value #CONTEXT} with end kept. */
    public int[] encode(String text) {
        List<String> toks = tokens(text);
        int[] ids = new int[CONTEXT];
        Arrays.fill(ids, pad);
        ids[0] = start;
        int n = Math.min(toks.size(), CONTEXT - 2);
        for (int i = 0; i < n; i++) {
            Integer id = vocab.get(toks.get(i));
            if (id == null) {
                throw new IllegalArgumentException("token '" + toks.get(i) + "' of \"" + text + "\" is not in the vocabulary; is vocab.json from the same tokenizer as merges.txt?");
            }
            ids[i + 1] = id;
        }
        ids[n + 1] = end;
        return ids;
    }

    /** Ids of a batch of texts, B×{@value #CONTEXT} in one array, as the text towers take them. */
    public float[] encodeBatch(List<String> texts) {
        float[] ids = new float[texts.size() * CONTEXT];
        for (int i = 0; i < texts.size(); i++) {
            int[] one = encode(texts.get(i));
            for (int j = 0; j < CONTEXT; j++) {
                ids[i * CONTEXT + j] = one[j];
            }
        }
        return ids;
    }

    private List<String> bpe(String piece) {
        List<String> word = new ArrayList<>();
        int[] cps = piece.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            String ch = new String(cps, i, 1);
            word.add(i == cps.length - 1 ? ch + "</w>" : ch);
        }
        while (word.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer r = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            // merge every occurrence of the best pair, left to right, as the reference implementation does
            String a = word.get(best);
            String b = word.get(best + 1);
            List<String> next = new ArrayList<>();
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(a) && word.get(i + 1).equals(b)) {
                    next.add(a + b);
                    i++;
                } else {
                    next.add(word.get(i));
                }
            }
            word = next;
        }
        return List.copyOf(word);
    }

    /** GPT-2's reversible map from bytes to printable characters, so that BPE never sees whitespace or control bytes. */
    private static char[] byteTable() {
        char[] table = new char[256];
        boolean[] direct = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            direct[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            direct[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            direct[b] = true;
        }
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            table[b] = direct[b] ? (char) b : (char) (256 + extra++);
        }
        return table;
    }
}
