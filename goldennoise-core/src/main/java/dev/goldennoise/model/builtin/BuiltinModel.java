package dev.goldennoise.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.goldennoise.diffusion.Decoder;
import dev.goldennoise.diffusion.Denoiser;
import dev.goldennoise.diffusion.DiffusionModel;
import dev.goldennoise.diffusion.NoiseSchedule;
import dev.goldennoise.diffusion.PromptEmbedding;
import dev.goldennoise.diffusion.TextEncoder;
import dev.goldennoise.tensor.ParameterSet;

import java.util.Arrays;
import java.util.List;

/**
 * The built-in latent diffusion model: word tokenizer → text transformer → UNet on 4×16×16 latents → autoencoder
 * decoder. Weights live in three {@link ParameterSet}s under one manager; loading and saving are in
 * {@link BuiltinModelFiles}.
 */
public final class BuiltinModel implements AutoCloseable {
    public static final String NAME = "builtin-shapes";

    private final BuiltinConfig config;
    private final NDManager manager;
    private final WordTokenizer tokenizer;
    private final TextTransformer text;
    private final UNet unet;
    private final Autoencoder autoencoder;

    public BuiltinModel(BuiltinConfig config, NDManager parent, long seed) {
        this.config = config;
        this.manager = parent.newSubManager();
        this.tokenizer = WordTokenizer.forWorld();
        if (tokenizer.vocabularySize() != config.textEncoder().vocabularySize()) {
            throw new IllegalArgumentException("the text encoder was built for " + config.textEncoder().vocabularySize()
                    + " tokens but the world's vocabulary has " + tokenizer.vocabularySize());
        }
        this.text = new TextTransformer(config.textEncoder(), new ParameterSet(manager, seed));
        this.unet = new UNet(config.unet(), new ParameterSet(manager, seed + 1));
        this.autoencoder = new Autoencoder(config.autoencoder(), new ParameterSet(manager, seed + 2));
    }

    public BuiltinConfig config() {
        return config;
    }

    public WordTokenizer tokenizer() {
        return tokenizer;
    }

    public TextTransformer text() {
        return text;
    }

    public UNet unet() {
        return unet;
    }

    public Autoencoder autoencoder() {
        return autoencoder;
    }

    public NDManager manager() {
        return manager;
    }

    public Shape latentShape() {
        return new Shape(config.autoencoder().latentChannels(), 16, 16);
    }

    /** Token ids (B, T) as int32 for a batch of prompts. */
    public NDArray tokenize(List<String> prompts, NDManager m) {
        int t = tokenizer.maxLength();
        int[] ids = new int[prompts.size() * t];
        for (int i = 0; i < prompts.size(); i++) {
            System.arraycopy(tokenizer.encode(prompts.get(i)), 0, ids, i * t, t);
        }
        return m.create(ids, new Shape(prompts.size(), t)).toType(DataType.INT64, false);
    }

    /** The model as the sampler, noise strategies and evaluation see it. */
    public DiffusionModel asDiffusionModel() {
        TextEncoder encoder = new TextEncoder() {
            @Override
            public PromptEmbedding encode(List<String> prompts, NDManager m) {
                NDArray tokens = text.forward(tokenize(prompts, m));
                return new PromptEmbedding(tokens, tokens.mean(new int[] {1}));
            }

            @Override
            public int tokens() {
                return tokenizer.maxLength();
            }

            @Override
            public int width() {
                return config.textEncoder().width();
            }
        };
        Denoiser denoiser = (xt, t, emb) -> {
            float[] ts = new float[(int) xt.getShape().get(0)];
            Arrays.fill(ts, t);
            return unet.forward(xt, ts, emb.tokens());
        };
        Decoder decoder = autoencoder::decode;
        return new DiffusionModel(NAME, encoder, denoiser, decoder, latentShape(), NoiseSchedule.stableDiffusion(), true);
    }

    @Override
    public void close() {
        manager.close();
    }
}
