package dev.goldennoise.tensor;

/** IEEE 754 binary16 conversions, which Java 17 lacks (Float.floatToFloat16 came in Java 20). */
public final class Float16 {
    private Float16() {}

    /** Round to nearest even, as C++ and NumPy convert float to half; NaN stays NaN, overflow becomes infinity. */
    public static short fromFloat(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (exp >= 31) {
            return (short) (sign | (Float.isNaN(f) ? 0x7e00 : 0x7c00));
        }
        if (exp <= 0) {
            if (exp < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - exp;
            int half = mant >> shift;
            int rest = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rest > mid || (rest == mid && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (exp << 10) | (mant >> 13);
        int rest = mant & 0x1fff;
        // a carry out of the mantissa moves to the next exponent, and from the largest finite value to infinity
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** The half-precision value nearest to {@code f}, as a float: what storing it in a float16 tensor keeps. */
    public static float round(float f) {
        return toFloat(fromFloat(f));
    }
}
