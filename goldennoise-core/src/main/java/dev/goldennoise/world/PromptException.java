package dev.goldennoise.world;

/** A prompt outside the shapes-world grammar; the message is one line naming the problem and how to fix it. */
public class PromptException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PromptException(String message) {
        super(message);
    }
}
