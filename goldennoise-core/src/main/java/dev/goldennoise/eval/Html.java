package dev.goldennoise.eval;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Text and links made safe for HTML: prompts and checker messages are escaped, file paths percent-encoded. */
final class Html {
    private Html() {}

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A relative path as a URL. Each segment is encoded on its own so the separators survive; this matters for labels
     * such as {@code standard#2}, whose '#' would otherwise start a fragment and break the link.
     */
    static String relativeUrl(String path) {
        List<String> parts = new ArrayList<>();
        for (String seg : path.split("/", -1)) {
            parts.add(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }
}
