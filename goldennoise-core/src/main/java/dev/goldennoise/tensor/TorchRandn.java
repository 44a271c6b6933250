package dev.goldennoise.tensor;

import java.util.function.UnaryOperator;

/**
 * {@code torch.manual_seed(seed); torch.randn(count)} on the CPU, bit for bit, in pure Java: its own generator per
 * call, no libtorch and no global state, so noises can be drawn on any thread in any order. (libtorch through DJL
 * gives the same numbers from {@code Engine.setRandomSeed} and {@code randomNormal}, but from one process-wide
 * generator that any other draw, or another thread, moves on.)
 *
 * <p>What torch does, in {@code aten/src/ATen/native/cpu/DistributionTemplates.h}:
 * <ul>
 *   <li>fewer than 16 values: {@code at::normal_distribution<double>}, Box–Muller on two 53-bit uniforms
 *       ({@code random64()}), the sine kept for the next value, each value then rounded to the dtype;</li>
 *   <li>16 or more: every value first becomes a uniform (24 bits for float32, 11 for float16, from one 32-bit draw
 *       each); then each chunk of 16 turns into normals in place, Box–Muller on the pairs (j, j+8); when the count is
 *       not a multiple of 16, the last 16 positions are drawn afresh and transformed again, overwriting the tail;</li>
 *   <li>float32 runs {@code normal_fill_16_AVX2} on every x86 CPU with AVX2: the Cephes-derived
 *       {@code log256_ps} and {@code sincos256_ps} of {@code avx_mathfun.h}, compiled with GCC's default
 *       floating-point contraction, so a product feeding a sum is one fused multiply-add (which products: below);</li>
 *   <li>float16 runs the scalar {@code normal_fill_16<Half>}, every step rounded to half precision.</li>
 * </ul>
 * CPUs without AVX2 (ARM, very old x86) run torch's scalar float32 path, whose last bits differ from the AVX2 path's
 * (docs/NOISE.md gives the measured share); this class follows the AVX2 path, which is what x86 machines get.
 */
public final class TorchRandn {

    /** {@code _mm256_set1_ps(2.0f * c10::pi<double>)}: the double product rounded once to float. */
    private static final float TWO_PI = (float) (2.0 * Math.PI);

    // avx_mathfun.h's constants are double literals stored in float arrays: rounded from the double, as here
    private static final float SQRTHF = (float) 0.707106781186547524;
    private static final float LOG_P0 = (float) 7.0376836292E-2;
    private static final float LOG_P1 = (float) -1.1514610310E-1;
    private static final float LOG_P2 = (float) 1.1676998740E-1;
    private static final float LOG_P3 = (float) -1.2420140846E-1;
    private static final float LOG_P4 = (float) 1.4249322787E-1;
    private static final float LOG_P5 = (float) -1.6668057665E-1;
    private static final float LOG_P6 = (float) 2.0000714765E-1;
    private static final float LOG_P7 = (float) -2.4999993993E-1;
    private static final float LOG_P8 = (float) 3.3333331174E-1;
    private static final float LOG_Q1 = (float) -2.12194440e-4;
    private static final float LOG_Q2 = (float) 0.693359375;
    private static final float MINUS_DP1 = (float) -0.78515625;
    private static final float MINUS_DP2 = (float) -2.4187564849853515625e-4;
    private static final float MINUS_DP3 = (float) -3.77489497744594108e-8;
    private static final float SINCOF_P0 = (float) -1.9515295891E-4;
    private static final float SINCOF_P1 = (float) 8.3321608736E-3;
    private static final float SINCOF_P2 = (float) -1.6666654611E-1;
    private static final float COSCOF_P0 = (float) 2.443315711809948E-005;
    private static final float COSCOF_P1 = (float) -1.388731625493765E-003;
    private static final float COSCOF_P2 = (float) 4.166664568298827E-002;
    private static final float FOPI = (float) 1.27323954473516;

    private TorchRandn() {}

    /** {@code torch.manual_seed(seed); torch.randn(count)}: float32, the default dtype. */
    public static float[] float32(long seed, int count) {
        return draw(seed, count, 24, TorchRandn::fill16, f -> f);
    }

    /**
     * {@code torch.manual_seed(seed); torch.randn(count, dtype=torch.float16)} as torch 2.x draws it (torch 1.13 rounds
     * fewer intermediate steps and gives other values), returned widened to float. A float16 diffusers pipeline draws
     * its latents so: {@code randn_tensor} passes the pipeline's dtype to {@code torch.randn} on the CPU generator.
     */
    public static float[] float16(long seed, int count) {
        return draw(seed, count, 11, TorchRandn::fill16Half, Float16::round);
    }

    /** Turns 16 uniforms from {@code at} on into normals in place. */
    private interface Chunk {
        void fill(float[] d, int at);
    }

    /**
     * torch's {@code normal_kernel}: {@code bits} is the dtype's significand width, which sets how many bits of each
     * 32-bit draw a uniform keeps; {@code round} takes a double-path value to the dtype.
     */
    private static float[] draw(long seed, int count, int bits, Chunk chunk, UnaryOperator<Float> round) {
        Mt19937 g = new Mt19937(seed);
        float[] d = new float[count];
        if (count < 16) {
            smallNormal(g, d);
            for (int i = 0; i < count; i++) {
                d[i] = round.apply(d[i]);
            }
            return d;
        }
        for (int i = 0; i < count; i++) {
            d[i] = uniform(g, bits);
        }
        for (int i = 0; i + 16 <= count; i += 16) {
            chunk.fill(d, i);
        }
        if (count % 16 != 0) {
            int start = count - 16;
            for (int i = 0; i < 16; i++) {
                d[start + i] = uniform(g, bits);
            }
            chunk.fill(d, start);
        }
        return d;
    }

    /** {@code uniform_real_distribution} in [0, 1): the low {@code bits} bits of one draw, exact in the dtype. */
    private static float uniform(Mt19937 g, int bits) {
        return (g.nextUnsigned32() & ((1L << bits) - 1)) * (float) Math.scalb(1.0, -bits);
    }

    /**
     * Fewer than 16 values: at::normal_distribution<double>, one Box–Muller pair per two values, then float. libm's
     * functions here and in the float16 path are StrictMath's, which give the same bits on every JVM; they agree with
     * glibc's to within the rounding to float that follows.
     */
    private static void smallNormal(Mt19937 g, float[] d) {
        double cached = Double.NaN;
        for (int i = 0; i < d.length; i++) {
            if (!Double.isNaN(cached)) {
                d[i] = (float) cached;
                cached = Double.NaN;
                continue;
            }
            double u1 = (g.next64() & ((1L << 53) - 1)) * 0x1p-53;
            double u2 = (g.next64() & ((1L << 53) - 1)) * 0x1p-53;
            double r = Math.sqrt(-2.0 * StrictMath.log1p(-u2));
            double theta = 2.0 * Math.PI * u1;
            cached = r * StrictMath.sin(theta);
            d[i] = (float) (r * StrictMath.cos(theta));
        }
    }

    /** {@code normal_fill_16_AVX2} on one chunk, lane by lane; std 1 and mean 0 make its final fused step exact. */
    private static void fill16(float[] d, int at) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1f - d[at + j];
            float u2 = d[at + j + 8];
            float radius = (float) Math.sqrt(-2f * log(u1));
            float theta = TWO_PI * u2;
            long sc = sincos(theta);
            float sin = Float.intBitsToFloat((int) (sc >>> 32));
            float cos = Float.intBitsToFloat((int) sc);
            // fmadd(n, 1, 0) turns -0 into +0, as adding 0 does
            d[at + j] = radius * cos + 0f;
            d[at + j + 8] = radius * sin + 0f;
        }
    }

    /** {@code normal_fill_16<c10::Half>}: libm in float, every result stored back into a half. */
    private static void fill16Half(float[] d, int at) {
        for (int j = 0; j < 8; j++) {
            float u1 = half(1f - d[at + j]);
            float u2 = d[at + j + 8];
            float radius = half((float) Math.sqrt(half(-2f * half((float) StrictMath.log(u1)))));
            float theta = half((float) (2.0 * Math.PI * u2));
            // radius * cos(theta) * std + mean with std 1 and mean 0, each product and sum rounded to half
            d[at + j] = half(half(radius * half((float) StrictMath.cos(theta))) + 0f);
            d[at + j + 8] = half(half(radius * half((float) StrictMath.sin(theta))) + 0f);
        }
    }

    private static float half(float f) {
        return Float16.round(f);
    }

    /** {@code log256_ps} for one lane (an argument in (0, 1], as here); the fused steps are where GCC fuses them. */
    static float log(float in) {
        float x = Math.max(in, Float.MIN_NORMAL);
        int bits = Float.floatToRawIntBits(x);
        int imm0 = (bits >>> 23) - 0x7f;
        x = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f));
        float e = (float) imm0 + 1f;
        boolean below = x < SQRTHF;
        float tmp = below ? x : 0f;
        x = x - 1f;
        e = e - (below ? 1f : 0f);
        x = x + tmp;
        float z = x * x;
        float y = Math.fma(LOG_P0, x, LOG_P1);
        y = Math.fma(y, x, LOG_P2);
        y = Math.fma(y, x, LOG_P3);
        y = Math.fma(y, x, LOG_P4);
        y = Math.fma(y, x, LOG_P5);
        y = Math.fma(y, x, LOG_P6);
        y = Math.fma(y, x, LOG_P7);
        y = Math.fma(y, x, LOG_P8);
        y = y * x;
        // y*z + e*q1: GCC fuses the first product it meets whose only use is a sum, here y*z
        y = Math.fma(y, z, e * LOG_Q1);
        y = Math.fma(-z, 0.5f, y);
        x = x + y;
        return Math.fma(e, LOG_Q2, x);
    }

    /**
     * {@code sincos256_ps} for one lane, both results packed as float bits: the sine in the high 32 bits, the cosine
     * in the low. The branchless selections of the original (and-masks giving +0) are kept, since they decide the
     * sign of zero results.
     */
    static long sincos(float in) {
        int signSin = Float.floatToRawIntBits(in) & 0x80000000;
        float x = Math.abs(in);
        int j = (int) (x * FOPI);
        j = (j + 1) & ~1;
        float y = (float) j;
        int swapSin = (j & 4) << 29;
        boolean poly = (j & 2) == 0;
        x = Math.fma(y, MINUS_DP1, x);
        x = Math.fma(y, MINUS_DP2, x);
        x = Math.fma(y, MINUS_DP3, x);
        int signCos = (~(j - 2) & 4) << 29;
        signSin ^= swapSin;
        float z = x * x;
        float yc = Math.fma(COSCOF_P0, z, COSCOF_P1);
        yc = Math.fma(yc, z, COSCOF_P2);
        yc = yc * z;
        yc = Math.fma(yc, z, -(z * 0.5f));
        yc = yc + 1f;
        float ys = Math.fma(SINCOF_P0, z, SINCOF_P1);
        ys = Math.fma(ys, z, SINCOF_P2);
        ys = ys * z;
        ys = Math.fma(ys, x, x);
        float sin2 = poly ? ys : 0f;
        float sin1 = poly ? 0f : yc;
        ys = ys - sin2;
        yc = yc - sin1;
        float sin = Float.intBitsToFloat(Float.floatToRawIntBits(sin1 + sin2) ^ signSin);
        float cos = Float.intBitsToFloat(Float.floatToRawIntBits(yc + ys) ^ signCos);
        return (long) Float.floatToRawIntBits(sin) << 32 | (Float.floatToRawIntBits(cos) & 0xffffffffL);
    }
}
