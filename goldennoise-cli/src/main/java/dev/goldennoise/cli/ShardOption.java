package dev.goldennoise.cli;

/** {@code --shard i/n}: this machine's part i (from 0) of n, for collections spread over machines. */
record ShardOption(int part, int parts) {
    static ShardOption parse(String s) {
        String[] p = s.trim().split("/");
        try {
            if (p.length == 2) {
                int i = Integer.parseInt(p[0].trim());
                int n = Integer.parseInt(p[1].trim());
                if (n >= 1 && i >= 0 && i < n) {
                    return new ShardOption(i, n);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new UserError("--shard must be i/n with 0 <= i < n (this machine's part of n), e.g. 0/1 or 2/4; got '" + s + "'");
    }
}
