package dev.goldennoise.world;

import java.util.Locale;
import java.util.Set;

/**
 * Reads prompts of the shapes-world grammar:
 * <pre>
 *   single   := object                       a [small|large] red circle
 *   pair     := object "and" object          a red circle and a blue square
 *   position := object relation object       a red circle to the left of a blue square
 *   counting := count colour plural          two yellow triangles
 *   object   := "a" colour shape             (a size only in single prompts)
 *   relation := "to the left of" | "to the right of" | "above" | "below"
 *   count    := "two" | "three" | "four"
 * </pre>
 * Case and surrounding or repeated whitespace are forgiven. Errors are {@link PromptException}s whose one-line message
 * names the offending word and what would be accepted instead, since prompts are typed by people on a command line.
 */
public final class PromptParser {
    private static final String EXAMPLES = "prompts look like 'a red circle', 'a large red circle', "
            + "'a red circle and a blue square', 'a red circle to the left of a blue square', 'two red circles'";

    /** Number words a person might try; they get the count message rather than "unknown word". */
    private static final Set<String> OTHER_NUMBERS =
            Set.of("zero", "one", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "many", "several");

    private PromptParser() {}

    public static SceneSpec parse(String prompt) {
        if (prompt == null) {
            throw new PromptException("prompt is null; " + EXAMPLES);
        }
        String text = normalise(prompt);
        if (text.isEmpty()) {
            throw new PromptException("empty prompt: a scene prompt names at least one object; " + EXAMPLES);
        }
        String[] words = text.split(" ");
        for (String w : words) {
            if (OTHER_NUMBERS.contains(w) || w.chars().allMatch(Character::isDigit)) {
                throw new PromptException("count '" + printable(w) + "' is not supported; use two, three or four (in '"
                        + printable(text) + "')");
            }
            if (!Vocabulary.contains(w)) {
                throw new PromptException("unknown word '" + printable(w) + "' in prompt '" + printable(text) + "'; known words: "
                        + String.join(", ", Vocabulary.words()));
            }
        }
        return new Reader(text, words).scene();
    }

    /**
     * Lower case, single spaces. Every Unicode space (no-break, em, ideographic…) counts as a space, and invisible
     * format characters (a byte-order mark, zero-width spaces) are dropped: they come in from editors and web pages,
     * and an error saying "unknown word 'a red circle'" about them helps nobody.
     */
    public static String normalise(String prompt) {
        String visible = prompt.replaceAll("\\p{Cf}", "");
        return visible.replaceAll("(?U)\\s+", " ").replaceAll("\\p{Z}+", " ").trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The text with control characters written as {@code \\uXXXX}, for error messages: a prompt is echoed to the
     * terminal, and a raw escape sequence in it could rewrite what the user sees.
     */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.SURROGATE) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** A cursor over the words of one prompt; its methods mirror the grammar rules. */
    private static final class Reader {
        private final String text;
        private final String[] words;
        private int pos;

        Reader(String text, String[] words) {
            this.text = text;
            this.words = words;
        }

        SceneSpec scene() {
            CountWord count = CountWord.fromWord(words[0]);
            if (count != null) {
                return counting(count);
            }
            ObjectSpec first = object();
            if (atEnd()) {
                return SceneSpec.single(first);
            }
            if (peek().equals("and")) {
                pos++;
                ObjectSpec second = object();
                expectEnd();
                requireUnsized(first, second);
                if (first.sameKind(second)) {
                    throw new PromptException("a pair needs two different colour-shape kinds: '" + text + "'");
                }
                return SceneSpec.pair(first, second);
            }
            Relation relation = relation();
            ObjectSpec second = object();
            expectEnd();
            requireUnsized(first, second);
            if (first.sameKind(second)) {
                throw new PromptException("a position prompt needs two different colour-shape kinds: '" + text + "'");
            }
            return SceneSpec.position(first, relation, second);
        }

        private SceneSpec counting(CountWord count) {
            pos++;
            if (!atEnd() && Size.fromWord(peek()) != null) {
                throw new PromptException("size '" + peek() + "' is only allowed in single-object prompts like 'a "
                        + peek() + " red circle'; drop it from '" + text + "'");
            }
            Colour colour = colour();
            if (!atEnd() && Shape.fromWord(peek()) != null) {
                throw new PromptException("counting prompts use the plural: write '" + count.word() + " " + colour.word()
                        + " " + Shape.fromWord(peek()).plural() + "' instead of '" + text + "'");
            }
            Shape shape = atEnd() ? null : Shape.fromPlural(peek());
            if (shape == null) {
                fail("a plural shape (circles, squares or triangles)");
            }
            pos++;
            expectEnd();
            return SceneSpec.counting(count.value(), ObjectSpec.of(colour, shape));
        }

        private ObjectSpec object() {
            if (atEnd() || !peek().equals("a")) {
                fail("'a' starting an object");
            }
            pos++;
            Size size = atEnd() ? null : Size.fromWord(peek());
            if (size != null) {
                pos++;
            }
            Colour colour = colour();
            if (!atEnd() && Shape.fromPlural(peek()) != null) {
                throw new PromptException("'a' takes a singular shape: write '" + Shape.fromPlural(peek()).word()
                        + "' instead of '" + peek() + "' in '" + text + "', or use a count like 'two " + colour.word()
                        + " " + peek() + "'");
            }
            Shape shape = atEnd() ? null : Shape.fromWord(peek());
            if (shape == null) {
                fail("a shape (circle, square or triangle)");
            }
            pos++;
            return new ObjectSpec(colour, shape, size);
        }

        private Colour colour() {
            if (atEnd()) {
                fail("a colour (" + Colour.words() + ")");
            }
            for (Colour c : Colour.values()) {
                if (c.word().equals(peek())) {
                    pos++;
                    return c;
                }
            }
            fail("a colour (" + Colour.words() + ")");
            throw new AssertionError();
        }

        private Relation relation() {
            int start = pos;
            for (Relation r : Relation.values()) {
                String[] phrase = r.phrase().split(" ");
                if (matches(start, phrase)) {
                    pos = start + phrase.length;
                    return r;
                }
            }
            fail("'and' or a relation (to the left of, to the right of, above, below)");
            throw new AssertionError();
        }

        private boolean matches(int start, String[] phrase) {
            if (start + phrase.length > words.length) {
                return false;
            }
            for (int i = 0; i < phrase.length; i++) {
                if (!words[start + i].equals(phrase[i])) {
                    return false;
                }
            }
            return true;
        }

        private void requireUnsized(ObjectSpec... objects) {
            for (ObjectSpec o : objects) {
                if (o.size() != null) {
                    throw new PromptException("size '" + o.size().word() + "' is only allowed in single-object prompts "
                            + "like 'a large red circle'; drop it from '" + text + "'");
                }
            }
        }

        private void expectEnd() {
            if (!atEnd()) {
                fail("the end of the prompt");
            }
        }

        private boolean atEnd() {
            return pos >= words.length;
        }

        private String peek() {
            return words[pos];
        }

        private void fail(String expected) {
            String found = atEnd() ? "the end of the prompt" : "'" + peek() + "' (word " + (pos + 1) + ")";
            throw new PromptException("cannot read prompt '" + text + "': expected " + expected + " but found " + found
                    + "; " + EXAMPLES);
        }
    }
}
