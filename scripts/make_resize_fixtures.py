#!/usr/bin/python3
"""Generates tests/fixtures/resize/: Pillow's bicubic resize of small test images, the reference for PilResize.

The official pix2pix resizes with torchvision `transforms.Resize(size, InterpolationMode.BICUBIC)` on PIL images,
which is `PIL.Image.resize(size[::-1], Image.BICUBIC)` with reducing_gap=None. This script records what that call
returns for a set of synthetic images and one real crop, so that the C# resampler (src/Imaging/Resampling) can be
checked byte for byte without Python or an image codec in the tests.

Sources (all deterministic: fixed drawings and a seeded NumPy generator):
* src_rgb_512x256, src_rgb_256, src_rgb_300x200, src_rgb_97x61, src_rgb_13x7: gradients, hard edges (stripes of
  several periods, a checkerboard, a disc, diagonals, saturated 0/255 areas that make bicubic overshoot clip) and a
  noise patch;
* src_l_*: the same kinds of content as 8-bit grey ("L");
* src_rgba_*: RGBA with alpha 0, 255 and everything between (Pillow premultiplies RGBA before resizing and divides
  after, so colour under alpha 0 vanishes);
* src_rgb_1x1, src_l_1x1: single pixels;
* src_facade_crop: a 128x96 crop of facades train/1.jpg (box 200,40,328,136 of the 512x256 pair, photo half),
  committed here as PNG so the tests need no shared data; src_facade_crop_l is its convert("L").

Cases: non-integer shrinks (512x256->256x256, 300x200->128x128, 97x61->31x17), 2x shrinks, enlargements (256->286,
13x7->40x21), one axis only (either), identity size, a 1x1 source and a 1x1 target, in RGB, L and RGBA.

Output in tests/fixtures/resize/ (about 0.75 MB):
* NAME.png per image, sources and expected results alike: 8-bit L, RGB or RGBA, non-interlaced. PNG rather than
  raw pixels because its row filters compress these images 2-3x better than gzip of raw bytes (the raw fixtures
  were 2 MB); the tests decode them with a few lines over System.IO.Compression.ZLibStream, no image codec;
* manifest.json: Pillow's version; per case its source, mode, sizes and expected image; per image its size,
  channels and the SHA-256 of its interleaved pixels (rows top to bottom, no padding), which the tests check
  after decoding.

Run:  /usr/bin/python3 scripts/make_resize_fixtures.py [path/to/facades/train/1.jpg]
Needs Debian 12's python3-pil (Pillow 9.4) and python3-numpy. Rerunning writes the same bytes. The facade crop is
taken from the committed PNG when the JPEG is not given and not at /work/shared/data/facades/train/1.jpg.
"""

import hashlib
import json
import os
import sys

import numpy as np
import PIL
from PIL import Image

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO_ROOT, "tests", "fixtures", "resize")
FACADE_JPEG = "/work/shared/data/facades/train/1.jpg"
FACADE_BOX = (200, 40, 328, 136)


def synthetic(width, height, channels, seed):
    """Gradients, edges of several frequencies, a disc, diagonals, saturated areas and a noise patch."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u, v = x / max(width - 1, 1), y / max(height - 1, 1)
    planes = []
    for c in range(channels):
        planes.append(255.0 * ((u + c * 0.37) % 1.0) * (0.3 + 0.7 * v))  # ramps, phase shifted per channel

    img = np.stack(planes, axis=-1)
    w3, h3 = width // 3, height // 3
    # stripes of period 1, 2 and 3 pixels in the top band (aliasing for a shrink)
    band = (y < h3) & (x < w3)
    period = 1 + (x.astype(int) * 3 // max(w3, 1))
    img[band] = np.where(((x.astype(int) // period) % 2 == 0)[band], 255.0, 0.0)[:, None]
    # a checkerboard block of 4x4 cells
    chk = (y >= h3) & (y < 2 * h3) & (x < w3)
    img[chk] = np.where((((x.astype(int) // 4) + (y.astype(int) // 4)) % 2 == 0)[chk], 250.0, 5.0)[:, None]
    # columns alternating between a ramp and its inverse (fine structure on a gradient)
    alt = (y >= 2 * h3) & (x >= w3) & (x < 2 * w3)
    flip = np.repeat(((x.astype(int) // 2) % 2 == 1)[:, :, None], channels, axis=2) & alt[:, :, None]
    img = np.where(flip, 255.0 - img, img)
    # a disc with a hard rim, saturated
    cx, cy, r = width * 0.65, height * 0.5, min(width, height) * 0.22
    disc = (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    img[disc] = np.array([255.0, 0.0, 255.0, 128.0][:channels])
    # diagonal lines, one pixel wide
    diag = ((x.astype(int) + y.astype(int)) % 11 == 0) & (x > width * 0.4)
    img[diag] = 0.0
    # a noise patch in the bottom-left corner (every value 0..255)
    nh, nw = max(1, min(48, height // 3)), max(1, min(48, w3))
    img[height - nh:, :nw] = rng.integers(0, 256, size=(nh, nw, channels))
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def with_alpha(rgb, seed):
    """RGBA: a horizontal alpha ramp 0..255, a fully transparent block with bright colour under it, an opaque block."""
    rng = np.random.default_rng(seed)
    h, w, _ = rgb.shape
    alpha = np.tile(np.linspace(0, 255, w).round().astype(np.uint8), (h, 1))
    alpha[: h // 4, w // 2:] = 0
    alpha[h // 2:, : w // 4] = 255
    alpha[h - max(1, h // 5):, w // 2:] = rng.integers(0, 256, size=(max(1, h // 5), w - w // 2))
    return np.dstack([rgb, alpha])


def facade_crop(jpeg):
    png = os.path.join(OUT, "src_facade_crop.png")
    if jpeg and os.path.exists(jpeg):
        return np.asarray(Image.open(jpeg).convert("RGB").crop(FACADE_BOX))
    if os.path.exists(png):
        return np.asarray(Image.open(png).convert("RGB"))
    sys.exit(f"need {FACADE_JPEG} (or its path as the first argument) or a committed {png}")


MODES = {1: "L", 3: "RGB", 4: "RGBA"}


def to_image(a):
    a = np.ascontiguousarray(a)
    return Image.fromarray(a[:, :, 0] if a.ndim == 3 and a.shape[2] == 1 else a, MODES[1 if a.ndim == 2 else a.shape[2]])


def pixels(im):
    a = np.asarray(im)
    return a[:, :, None] if a.ndim == 2 else a


def write(name, im, manifest_files):
    a = np.ascontiguousarray(pixels(im))
    h, w, c = a.shape
    raw = a.tobytes()
    im.save(os.path.join(OUT, name + ".png"), optimize=False, compress_level=9)
    manifest_files[name] = {"width": w, "height": h, "channels": c, "sha256": hashlib.sha256(raw).hexdigest()}


def main():
    os.makedirs(OUT, exist_ok=True)
    jpeg = sys.argv[1] if len(sys.argv) > 1 else FACADE_JPEG

    facade = facade_crop(jpeg)
    sources = {
        "src_rgb_512x256": synthetic(512, 256, 3, 1),
        "src_rgb_256": synthetic(256, 256, 3, 2),
        "src_rgb_300x200": synthetic(300, 200, 3, 3),
        "src_rgb_97x61": synthetic(97, 61, 3, 4),
        "src_rgb_13x7": synthetic(13, 7, 3, 5),
        "src_rgb_1x1": np.array([[[200, 17, 99]]], dtype=np.uint8),
        "src_l_300x200": synthetic(300, 200, 1, 6),
        "src_l_97x61": synthetic(97, 61, 1, 7),
        "src_l_13x7": synthetic(13, 7, 1, 8),
        "src_l_1x1": np.array([[[77]]], dtype=np.uint8),
        "src_rgba_97x61": with_alpha(synthetic(97, 61, 3, 9), 10),
        "src_rgba_64x48": with_alpha(synthetic(64, 48, 3, 11), 12),
        "src_facade_crop": facade,
        "src_facade_crop_l": pixels(to_image(facade).convert("L")),
    }

    cases = [
        ("rgb_512x256_to_256x256", "src_rgb_512x256", 256, 256),  # the aligned-pair loader's shrink
        ("rgb_512x256_to_256x128", "src_rgb_512x256", 256, 128),  # 2x shrink
        ("rgb_512x256_to_512x100", "src_rgb_512x256", 512, 100),  # vertical only
        ("rgb_512x256_to_200x256", "src_rgb_512x256", 200, 256),  # horizontal only
        ("rgb_256_to_286", "src_rgb_256", 286, 286),  # load_size 286 enlargement
        ("rgb_256_to_128", "src_rgb_256", 128, 128),  # 2x shrink
        ("rgb_300x200_to_128x128", "src_rgb_300x200", 128, 128),
        ("rgb_300x200_to_1x1", "src_rgb_300x200", 1, 1),
        ("rgb_97x61_to_31x17", "src_rgb_97x61", 31, 17),
        ("rgb_97x61_to_97x61", "src_rgb_97x61", 97, 61),  # identity
        ("rgb_97x61_to_150x40", "src_rgb_97x61", 150, 40),  # enlarge one axis, shrink the other
        ("rgb_13x7_to_40x21", "src_rgb_13x7", 40, 21),
        ("rgb_13x7_to_1x7", "src_rgb_13x7", 1, 7),
        ("rgb_1x1_to_5x3", "src_rgb_1x1", 5, 3),
        ("rgb_1x1_to_1x1", "src_rgb_1x1", 1, 1),
        ("l_300x200_to_128x128", "src_l_300x200", 128, 128),
        ("l_300x200_to_150x100", "src_l_300x200", 150, 100),
        ("l_97x61_to_31x17", "src_l_97x61", 31, 17),
        ("l_97x61_to_97x200", "src_l_97x61", 97, 200),  # vertical enlargement only
        ("l_13x7_to_40x21", "src_l_13x7", 40, 21),
        ("l_13x7_to_1x1", "src_l_13x7", 1, 1),
        ("l_1x1_to_4x9", "src_l_1x1", 4, 9),
        ("rgba_97x61_to_31x17", "src_rgba_97x61", 31, 17),
        ("rgba_97x61_to_200x130", "src_rgba_97x61", 200, 130),
        ("rgba_97x61_to_97x61", "src_rgba_97x61", 97, 61),  # identity: a copy, no premultiplication round trip
        ("rgba_64x48_to_30x48", "src_rgba_64x48", 30, 48),  # horizontal only
        ("rgba_64x48_to_64x20", "src_rgba_64x48", 64, 20),  # vertical only
        ("rgba_64x48_to_1x1", "src_rgba_64x48", 1, 1),
        ("facade_crop_to_31x17", "src_facade_crop", 31, 17),
        ("facade_crop_to_64x48", "src_facade_crop", 64, 48),
        ("facade_crop_to_143x107", "src_facade_crop", 143, 107),
        ("facade_crop_l_to_57x70", "src_facade_crop_l", 57, 70),
    ]

    files = {}
    for name, a in sources.items():
        write(name, to_image(a), files)
    manifest_cases = []
    for name, src, w, h in cases:
        im = to_image(sources[src])
        out = im.resize((w, h), Image.BICUBIC)
        write(name, out, files)
        manifest_cases.append({"name": name, "source": src, "mode": im.mode, "width": im.width, "height": im.height,
                               "newWidth": w, "newHeight": h, "expected": name})

    manifest = {
        "generator": "scripts/make_resize_fixtures.py",
        "call": "PIL.Image.Image.resize((newWidth, newHeight), Image.BICUBIC)",
        "pillow": PIL.__version__,
        "cases": manifest_cases,
        "files": files,
    }
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=False)
        f.write("\n")
    print(f"{len(manifest_cases)} cases, {len(files)} images in {OUT}")


if __name__ == "__main__":
    main()
