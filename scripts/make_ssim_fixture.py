#!/usr/bin/python3
"""Generates tests/fixtures/metrics/ssim.json, the SSIM reference values for ImageMetrics.Ssim.

Debian's python3 has numpy but no scikit-image, so this is a small NumPy re-implementation of
skimage.metrics.structural_similarity(im1, im2, gaussian_weights=True, sigma=1.5,
use_sample_covariance=False, data_range=255, channel_axis=-1), step for step:

* images as float64; each channel on its own, then the mean over channels;
* local moments with scipy.ndimage.gaussian_filter(sigma=1.5, truncate=3.5, mode='reflect'):
  a normalized 11-tap kernel exp(-x^2 / (2 sigma^2)), x = -5..5, applied along rows and columns,
  borders extended by half-sample symmetric reflection ('reflect' = d c b a | a b c d);
* vx = uxx - ux^2, vy = uyy - uy^2, vxy = uxy - ux*uy (population, cov_norm = 1);
* S = (2 ux uy + C1)(2 vxy + C2) / ((ux^2 + uy^2 + C1)(vx + vy + C2)), C1 = (0.01 L)^2, C2 = (0.03 L)^2, L = 255;
* the mean of S cropped by 5 pixels on every side.

Run:  /usr/bin/python3 scripts/make_ssim_fixture.py   (deterministic output)
"""

import json
import os

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO_ROOT, "tests", "fixtures", "metrics", "ssim.json")

SIGMA, TRUNCATE, K1, K2, L = 1.5, 3.5, 0.01, 0.03, 255.0


def gaussian_kernel():
    radius = int(TRUNCATE * SIGMA + 0.5)
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    k = np.exp(-0.5 * x * x / (SIGMA * SIGMA))
    return k / k.sum(), radius


def gaussian_filter(img):
    k, r = gaussian_kernel()
    out = img
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (r, r)
        padded = np.pad(out, pad, mode="symmetric")
        acc = np.zeros_like(out)
        n = out.shape[axis]
        for i, w in enumerate(k):
            acc += w * (padded[i:i + n, :] if axis == 0 else padded[:, i:i + n])
        out = acc
    return out


def ssim_channel(x, y):
    x = x.astype(np.float64)
    y = y.astype(np.float64)
    ux, uy = gaussian_filter(x), gaussian_filter(y)
    uxx, uyy, uxy = gaussian_filter(x * x), gaussian_filter(y * y), gaussian_filter(x * y)
    vx, vy, vxy = uxx - ux * ux, uyy - uy * uy, uxy - ux * uy
    c1, c2 = (K1 * L) ** 2, (K2 * L) ** 2
    s = (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux ** 2 + uy ** 2 + c1) * (vx + vy + c2))
    _, r = gaussian_kernel()
    return s[r:-r, r:-r].mean(dtype=np.float64)


def ssim(a, b):
    return float(np.mean([ssim_channel(a[..., c], b[..., c]) for c in range(a.shape[2])]))


def case(name, a, b):
    assert a.dtype == np.uint8 and a.shape == b.shape
    h, w, c = a.shape
    return {"name": name, "height": h, "width": w, "channels": c,
            "a": a.reshape(-1).tolist(), "b": b.reshape(-1).tolist(), "ssim": ssim(a, b)}


def main():
    rng = np.random.default_rng(20040401)
    yy, xx = np.mgrid[0:32, 0:32]
    smooth = np.stack([(xx * 8) % 256, (yy * 8) % 256, ((xx + yy) * 4) % 256], axis=-1).astype(np.uint8)
    noisy = np.clip(smooth.astype(np.int32) + rng.integers(-40, 41, smooth.shape), 0, 255).astype(np.uint8)
    random_a = rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)
    random_b = np.clip(random_a.astype(np.int32) + rng.integers(-20, 21, random_a.shape), 0, 255).astype(np.uint8)
    shifted = np.clip(smooth.astype(np.int32) + 30, 0, 255).astype(np.uint8)
    gray_a = rng.integers(0, 256, (20, 27, 1), dtype=np.uint8)
    gray_b = (255 - gray_a.astype(np.int32)).astype(np.uint8)

    cases = [
        case("gradient_vs_noisy_32x32x3", smooth, noisy),
        case("random_vs_perturbed_32x32x3", random_a, random_b),
        case("gradient_vs_brighter_32x32x3", smooth, shifted),
        case("gray_vs_inverted_20x27x1", gray_a, gray_b),
    ]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/make_ssim_fixture.py", "cases": cases}, f, separators=(",", ":"))
        f.write("\n")
    for c in cases:
        print(f"{c['name']}: {c['ssim']:.10f}")


if __name__ == "__main__":
    main()
