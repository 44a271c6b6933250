# Reference outputs of the official NPNet (Zhou et al., arXiv 2411.09502) for OfficialNpnetTest, and the test
# checkpoints of the PyTorch-checkpoint reader (TorchCheckpointTest).
#
# Written for goldennoise from the public architecture (docs/SDXL.md, "The official NPNet"); no third-party code.
# timm is not installed here, so the Swin-T below is written from timm's layout (>= 0.9: NHWC stages, the patch
# merging at the start of stages 1-3, the relative position index and attention masks as non-persistent buffers),
# with the same parameter names the official checkpoints use.
#
# Run with Debian's PyTorch (python3-torch 1.13.1, reports torch.__version__ 1.13.0a0), from the repository root:
#   /usr/bin/python3 goldennoise-core/src/test/resources/dev/goldennoise/npnet/official/make_reference.py
# It writes, next to itself: tiny_npnet.pth (seeded random weights of a small official NPNet, torch.save),
# tiny_npnet.npz (inputs and reference outputs), and in ../../io/torch: reader.pth, reader_legacy.pth,
# reader.npz, malicious_*.pth/.pkl.
import collections
import io
import os
import pickle
import struct
import zipfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
READER = os.path.normpath(os.path.join(HERE, "..", "..", "io", "torch"))


def c(t):
    return np.ascontiguousarray(t.detach().cpu().numpy())


# ---- the official NPNet, small ------------------------------------------------------------------------------

class Attention(nn.Module):
    """timm-style multi-head self-attention: qkv without bias, no norm, no residual."""

    def __init__(self, dim, heads=8):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, d = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        a = (q * (d // self.heads) ** -0.5) @ k.transpose(-2, -1)
        x = (a.softmax(-1) @ v).transpose(1, 2).reshape(b, n, d)
        return self.proj(x)


class SvdBranch(nn.Module):
    """The singular-value predictor: the 2x2-tiled matrix, its SVD, tokens (u_i, v_i, s), attention, mean, MLP."""

    def __init__(self, resolution, mlp_hidden=64, out_hidden=1024):
        super().__init__()
        n = 2 * resolution
        self.mlp1 = nn.Sequential(nn.Linear(n, mlp_hidden), nn.ReLU(), nn.Linear(mlp_hidden, n))
        self.mlp2 = nn.Sequential(nn.Linear(n, mlp_hidden), nn.ReLU(), nn.Linear(mlp_hidden, n))
        self.mlp3 = nn.Sequential(nn.Linear(n, n))
        self.attention = Attention(n)
        self.bn = nn.BatchNorm2d(n)  # in the checkpoint, never used
        self.mlp4 = nn.Sequential(nn.Linear(n, out_hidden), nn.ReLU(), nn.Linear(out_hidden, n))

    @staticmethod
    def tile(x):
        b, ch, h, w = x.shape  # b (a c) h w -> b (a h) (c w), a = c = 2
        return x.reshape(b, 2, 2, h, w).permute(0, 1, 3, 2, 4).reshape(b, 2 * h, 2 * w)

    @staticmethod
    def untile(m, h, w):
        b = m.shape[0]
        return m.reshape(b, 2, h, 2, w).permute(0, 1, 3, 2, 4).reshape(b, 4, h, w)

    def forward(self, x, factors=None):
        b, ch, h, w = x.shape
        U, s, V = torch.linalg.svd(self.tile(x)) if factors is None else factors
        out = self.mlp1(U.permute(0, 2, 1)) + self.mlp2(V) + self.mlp3(s).unsqueeze(1)
        out = self.mlp4(self.attention(out).mean(1)) + s
        return self.untile(U @ torch.diag_embed(out) @ V, h, w)


def canonical(U, s, V):
    """goldennoise's sign convention: the entry of largest magnitude of each left singular vector positive."""
    idx = U.abs().argmax(dim=1, keepdim=True)  # (b, 1, k)
    sign = torch.sign(torch.gather(U, 1, idx))
    return U * sign, s, V * sign.transpose(1, 2)


def relative_position_index(w):
    coords = torch.stack(torch.meshgrid([torch.arange(w), torch.arange(w)], indexing="ij")).flatten(1)
    rel = (coords[:, :, None] - coords[:, None, :]).permute(1, 2, 0) + (w - 1)
    return rel[:, :, 0] * (2 * w - 1) + rel[:, :, 1]


def windows(x, w):
    b, h, ww, ch = x.shape
    return x.view(b, h // w, w, ww // w, w, ch).permute(0, 1, 3, 2, 4, 5).reshape(-1, w * w, ch)


def unwindows(x, w, h, ww):
    ch = x.shape[-1]
    return x.view(-1, h // w, ww // w, w, w, ch).permute(0, 1, 3, 2, 4, 5).reshape(-1, h, ww, ch)


def shift_mask(res, w, shift):
    img = torch.zeros(1, res, res, 1)
    n = 0
    for hs in (slice(0, -w), slice(-w, -shift), slice(-shift, None)):
        for ws in (slice(0, -w), slice(-w, -shift), slice(-shift, None)):
            img[:, hs, ws, :] = n
            n += 1
    mw = windows(img, w).squeeze(-1)
    m = mw.unsqueeze(1) - mw.unsqueeze(2)
    return m.masked_fill(m != 0, -100.0).masked_fill(m == 0, 0.0)


class WindowAttention(nn.Module):
    def __init__(self, dim, heads, w):
        super().__init__()
        self.heads = heads
        self.w = w
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.relative_position_bias_table = nn.Parameter(torch.randn((2 * w - 1) ** 2, heads) * 0.5)
        self.register_buffer("relative_position_index", relative_position_index(w), persistent=False)

    def forward(self, x, mask):
        bw, n, d = x.shape
        qkv = self.qkv(x).reshape(bw, n, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        a = (q * (d // self.heads) ** -0.5) @ k.transpose(-2, -1)
        bias = self.relative_position_bias_table[self.relative_position_index.view(-1)].view(n, n, -1).permute(2, 0, 1)
        a = a + bias.unsqueeze(0)
        if mask is not None:
            nw = mask.shape[0]
            a = (a.view(bw // nw, nw, self.heads, n, n) + mask.unsqueeze(1).unsqueeze(0)).view(-1, self.heads, n, n)
        return self.proj((a.softmax(-1) @ v).transpose(1, 2).reshape(bw, n, -1))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, res, heads, w, shift):
        super().__init__()
        if res <= w:  # as timm: a window as large as the map, and no shift
            w, shift = res, 0
        self.w, self.shift, self.res = w, shift, res
        self.norm1 = nn.LayerNorm(dim)
        self.attn = WindowAttention(dim, heads, w)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = Mlp(dim, 4 * dim)
        self.register_buffer("attn_mask", shift_mask(res, w, shift) if shift else None, persistent=False)

    def forward(self, x):  # x: (B, H, W, C)
        b, h, ww, d = x.shape
        y = self.norm1(x)
        if self.shift:
            y = torch.roll(y, (-self.shift, -self.shift), (1, 2))
        y = unwindows(self.attn(windows(y, self.w), self.attn_mask), self.w, h, ww)
        if self.shift:
            y = torch.roll(y, (self.shift, self.shift), (1, 2))
        x = x + y
        return x + self.mlp(self.norm2(x))


class PatchMerging(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(4 * dim)
        self.reduction = nn.Linear(4 * dim, 2 * dim, bias=False)

    def forward(self, x):
        b, h, w, d = x.shape
        x = x.reshape(b, h // 2, 2, w // 2, 2, d).permute(0, 1, 3, 4, 2, 5).flatten(3)
        return self.reduction(self.norm(x))


class PatchEmbed(nn.Module):
    def __init__(self, dim, patch):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, patch, patch)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        return self.norm(self.proj(x).permute(0, 2, 3, 1))


class Stage(nn.Module):
    def __init__(self, dim, res, depth, heads, w, downsample):
        super().__init__()
        self.downsample = PatchMerging(dim // 2) if downsample else nn.Identity()
        self.blocks = nn.Sequential(*[Block(dim, res, heads, w, 0 if i % 2 == 0 else w // 2) for i in range(depth)])

    def forward(self, x):
        return self.blocks(self.downsample(x))


class Swin(nn.Module):
    def __init__(self, dim, depths, heads, w=7, patch=4, image=224, classes=10):
        super().__init__()
        self.patch_embed = PatchEmbed(dim, patch)
        res = image // patch
        self.layers = nn.Sequential(*[
            Stage(dim * 2 ** i, res // 2 ** i, depths[i], heads[i], w, i > 0) for i in range(len(depths))])
        self.norm = nn.LayerNorm(dim * 2 ** (len(depths) - 1))
        self.head = nn.Module()
        self.head.fc = nn.Linear(dim * 2 ** (len(depths) - 1), classes)  # timm's ClassifierHead, never used

    def forward_features(self, x):
        return self.norm(self.layers(self.patch_embed(x)))  # NHWC


class NoiseTransformer(nn.Module):
    def __init__(self, resolution, swin):
        super().__init__()
        self.resolution = resolution
        self.upconv = nn.Conv2d(7, 4, 1)
        self.downconv = nn.Conv2d(4, 3, 1)
        self.swin = swin

    def features(self, x):
        return self.swin.forward_features(self.downconv(F.interpolate(x, [224, 224])))

    def forward(self, x):
        # the NHWC features resized as if NCHW: the 7 grid rows are the channels upconv mixes
        return self.upconv(F.interpolate(self.features(x), [self.resolution, self.resolution]))


class AdaGroupNorm(nn.Module):
    def __init__(self, features, channels=4, eps=1e-6):
        super().__init__()
        self.linear = nn.Linear(features, 2 * channels)
        self.eps = eps

    def forward(self, x, emb):
        scale, shift = self.linear(emb)[:, :, None, None].chunk(2, dim=1)
        return F.group_norm(x, 1, eps=self.eps) * (1 + scale) + shift


def npnet(nets, x, text, factors=None):
    unet_svd, unet_embedding, embedding, alpha, beta = nets
    e = embedding(x, text.float().view(text.shape[0], -1))
    return unet_svd(x, factors) + (2 * torch.sigmoid(alpha) - 1) * e + beta * unet_embedding(x + e), e


def make_npnet():
    torch.manual_seed(20241114)
    resolution, tokens, width = 8, 77, 8
    unet_svd = SvdBranch(resolution, mlp_hidden=64, out_hidden=128)
    swin = Swin(dim=4, depths=(2, 2, 6, 2), heads=(1, 2, 2, 4))
    unet_embedding = NoiseTransformer(resolution, swin)
    embedding = AdaGroupNorm(tokens * width)
    # random weights of a larger spread than the defaults, so that every term shows in the output
    with torch.no_grad():
        for p in list(unet_svd.parameters()) + list(unet_embedding.parameters()) + list(embedding.parameters()):
            p.add_(torch.randn_like(p) * 0.1)
        unet_svd.bn.running_mean.normal_()
        unet_svd.bn.running_var.uniform_(0.5, 2)
    alpha = torch.tensor([0.7])
    beta = torch.tensor([-1.3])
    nets = (unet_svd.eval(), unet_embedding.eval(), embedding.eval(), alpha, beta)
    torch.save({"unet_svd": unet_svd.state_dict(), "unet_embedding": unet_embedding.state_dict(),
                "embeeding": embedding.state_dict(), "alpha": alpha, "beta": beta},
               os.path.join(HERE, "tiny_npnet.pth"))

    g = torch.Generator().manual_seed(7)
    x = torch.randn(2, 4, resolution, resolution, generator=g)
    text = torch.randn(2, tokens, width, generator=g)
    with torch.no_grad():
        U, s, V = torch.linalg.svd(SvdBranch.tile(x))
        canon = canonical(U, s, V)
        golden, e = npnet(nets, x, text, (U, s, V))
        golden_canon, _ = npnet(nets, x, text, canon)
        out = {
            "x": x, "text": text, "u": U, "s": s, "vh": V,
            "e": e,
            "svd": unet_svd(x, (U, s, V)),
            "svd_canonical": unet_svd(x, canon),
            "swin_in": x + e,
            "swin_features": unet_embedding.features(x + e),
            "residual": unet_embedding(x + e),
            "golden": golden,
            "golden_canonical": golden_canon,
            "alpha": alpha, "beta": beta,
            # the buffers timm >= 0.9 does not save, for Swin-T's window 7 and its stage-2 shifted blocks
            "relative_position_index_7": relative_position_index(7),
            "attn_mask_14_7_3": shift_mask(14, 7, 3),
        }
        # the source indices of the real-size resizes: 128 -> 224 (the latent), 7 -> 128 and 768 -> 128 (the quirk)
        for a, b in ((128, 224), (7, 128), (768, 128)):
            out["nearest_%d_%d" % (a, b)] = F.interpolate(torch.arange(a, dtype=torch.float32).view(1, 1, 1, a), [1, b])[0, 0, 0]
    np.savez_compressed(os.path.join(HERE, "tiny_npnet.npz"), **{k: c(v) for k, v in out.items()})
    flipped = (torch.sign(U) != torch.sign(canon[0])).any(dim=1).float().mean().item()
    print("tiny NPNet written; share of singular vectors whose sign the convention flips: %.2f" % flipped)
    print("golden (torch's signs) vs golden (canonical signs): max |diff| %.3g"
          % (golden - golden_canon).abs().max().item())


# ---- the reader's test checkpoints --------------------------------------------------------------------------

def make_reader_files():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) * 0.5 - 3
    inner = collections.OrderedDict()
    inner["weight"] = nn.Parameter(base.clone())
    inner["half"] = (base[:2] / 7).half()
    inner["bf16"] = (base[1:3] / 3).bfloat16()
    inner["double"] = base.double()[:, :2] * 1e-3
    inner["count"] = torch.tensor(123456789012, dtype=torch.int64)
    inner["ints"] = torch.tensor([[-7, 0, 9]], dtype=torch.int32)
    inner["bytes"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    inner["flags"] = torch.tensor([True, False, True])
    shared = torch.arange(30, dtype=torch.float32)
    contents = {
        "layer": inner,
        "transposed": base.t(),                      # a non-contiguous view: strides (1, 6)
        "window": shared[5:17].view(3, 4)[:, 1:3],   # a storage offset and a row stride of 4
        "scalar": torch.tensor(2.5),
        "alpha": torch.tensor([0.25]),
        "epoch": 3,
        "name": "reader test",
    }
    torch.save(contents, os.path.join(READER, "reader.pth"))
    torch.save(contents, os.path.join(READER, "reader_legacy.pth"), _use_new_zipfile_serialization=False)
    expect = {
        "layer.weight": base, "layer.half": inner["half"].float(), "layer.bf16": inner["bf16"].float(),
        "layer.double": inner["double"], "layer.count": inner["count"], "layer.ints": inner["ints"],
        "layer.bytes": inner["bytes"], "layer.flags": inner["flags"].to(torch.uint8),  # npz of uint8: bool has no reader here
        "transposed": base.t(), "window": contents["window"], "scalar": contents["scalar"],
        "alpha": contents["alpha"],
    }
    np.savez(os.path.join(READER, "reader.npz"), **{k: c(v) for k, v in expect.items()})

    class Payload:  # what a hostile checkpoint does: unpickling calls os.system
        def __reduce__(self):
            return (os.system, ("touch /tmp/goldennoise-pickle-ran",))

    evil = {"weight": torch.zeros(2), "payload": Payload()}
    torch.save(evil, os.path.join(READER, "malicious_system.pth"))  # GLOBAL 'posix system', protocol 2
    with open(os.path.join(READER, "malicious_system_p4.pkl"), "wb") as f:
        pickle.dump(Payload(), f, protocol=4)  # STACK_GLOBAL
    # torch.storage._load_from_bytes calls torch.load on embedded bytes: not a weights-only rebuild
    buf = io.BytesIO()
    buf.write(b"\x80\x02ctorch.storage\n_load_from_bytes\nq\x00C\x04abcdq\x01\x85q\x02Rq\x03.")
    with zipfile.ZipFile(os.path.join(READER, "malicious_load_from_bytes.pth"), "w", zipfile.ZIP_STORED) as z:
        z.writestr("malicious_load_from_bytes/data.pkl", buf.getvalue())
        z.writestr("malicious_load_from_bytes/version", "3\n")
    print("reader files written")


if __name__ == "__main__":
    print("torch", torch.__version__)
    make_npnet()
    make_reader_files()
