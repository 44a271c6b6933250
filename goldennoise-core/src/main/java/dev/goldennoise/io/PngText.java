package dev.goldennoise.io;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * PNG files with text chunks, through javax.imageio's own PNG metadata ({@value #FORMAT}), so the chunk encoding
 * (lengths, CRCs, UTF-8 in iTXt) is the JDK's and not ours.
 *
 * <p>Every entry is an uncompressed iTXt chunk (UTF-8), except the {@code plainKeys}: those are tEXt chunks when
 * Latin-1 can hold their value (the rule Pillow follows), for readers that know only tEXt, and iTXt otherwise.
 */
public final class PngText {
    static final String FORMAT = "javax_imageio_png_1.0";
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngText() {}

    /** The image as PNG bytes with one text chunk per entry, in the map's order within each chunk type. */
    public static byte[] encode(RenderedImage image, Map<String, String> text, Set<String> plainKeys) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            metadata.mergeTree(FORMAT, textTree(text, plainKeys));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    /**
     * The text chunks of a PNG file (tEXt, iTXt and zTXt), key to value; a key repeated keeps its first value.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it is not a PNG file or cannot be read
     */
    public static Map<String, String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + " not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (!Arrays.equals(in.readNBytes(SIGNATURE.length), SIGNATURE)) {
                throw new IOException(file + " is not a PNG file");
            }
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in, true, false);
            IIOMetadata metadata = reader.getImageMetadata(0);
            Map<String, String> text = new LinkedHashMap<>();
            for (Node chunk = metadata.getAsTree(FORMAT).getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
                String valueAttribute = switch (chunk.getNodeName()) {
                    case "tEXt" -> "value";
                    case "iTXt", "zTXt" -> "text";
                    default -> null;
                };
                if (valueAttribute == null) {
                    continue;
                }
                for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    text.putIfAbsent(attribute(entry, "keyword"), attribute(entry, valueAttribute));
                }
            }
            return text;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports a damaged file as IIOException, IndexOutOfBounds or worse; all mean the same here
            throw new IOException(file + " is not a readable PNG file (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            reader.dispose();
        }
    }

    private static IIOMetadataNode textTree(Map<String, String> text, Set<String> plainKeys) {
        IIOMetadataNode tEXt = new IIOMetadataNode("tEXt");
        IIOMetadataNode iTXt = new IIOMetadataNode("iTXt");
        text.forEach((key, value) -> {
            if (!validKeyword(key)) {
                throw new IllegalArgumentException("PNG text key '" + key + "' must be 1 to 79 printable Latin-1 characters");
            }
            if (plainKeys.contains(key) && StandardCharsets.ISO_8859_1.newEncoder().canEncode(value)) {
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", key);
                entry.setAttribute("value", value);
                tEXt.appendChild(entry);
            } else {
                IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
                entry.setAttribute("keyword", key);
                entry.setAttribute("compressionFlag", "FALSE");
                entry.setAttribute("compressionMethod", "0");
                entry.setAttribute("languageTag", "");
                entry.setAttribute("translatedKeyword", "");
                entry.setAttribute("text", value);
                iTXt.appendChild(entry);
            }
        });
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        if (iTXt.hasChildNodes()) {
            root.appendChild(iTXt);
        }
        if (tEXt.hasChildNodes()) {
            root.appendChild(tEXt);
        }
        return root;
    }

    /** The PNG rule for keywords: 1–79 Latin-1 characters, printable, no leading, trailing or double spaces. */
    private static boolean validKeyword(String key) {
        if (key.isEmpty() || key.length() > 79 || key.startsWith(" ") || key.endsWith(" ") || key.contains("  ")) {
            return false;
        }
        return key.chars().allMatch(c -> (c >= 32 && c <= 126) || (c >= 161 && c <= 255));
    }

    private static String attribute(Node entry, String name) {
        Node a = entry.getAttributes().getNamedItem(name);
        return a == null ? "" : a.getNodeValue();
    }
}
