package dev.goldennoise.model.onnx;

/** What an exported UNet predicts: the noise ε, or v = √ᾱ·ε − √(1−ᾱ)·x₀ (SD 2.x 768 models). */
public enum PredictionType {
    EPSILON,
    V_PREDICTION
}
