package dev.goldennoise.tensor;

/**
 * The 32-bit Mersenne Twister exactly as PyTorch's CPU generator runs it ({@code at::mt19937}): seeded like
 * {@code torch.manual_seed(seed)}, which keeps only the low 32 bits of the seed, so seeds that differ by a multiple
 * of 2^32 (and a negative seed and its two's complement) give the same stream, in torch as here.
 */
final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;

    private final int[] state = new int[N];
    private int next = N;

    Mt19937(long seed) {
        state[0] = (int) seed;
        for (int j = 1; j < N; j++) {
            int prev = state[j - 1];
            state[j] = 1812433253 * (prev ^ (prev >>> 30)) + j;
        }
    }

    /** The next 32 random bits, as an unsigned value in the low half of the long. */
    long nextUnsigned32() {
        if (next >= N) {
            twist();
        }
        int y = state[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /** torch's {@code random64()}: the first draw is the high half. */
    long next64() {
        long hi = nextUnsigned32();
        long lo = nextUnsigned32();
        return hi << 32 | lo;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & UPPER) | (state[(i + 1) % N] & LOWER);
            state[i] = state[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        next = 0;
    }
}
