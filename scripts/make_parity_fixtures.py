#!/usr/bin/python3
"""Generates the committed parity and weight-loading fixtures.

Run with Debian's interpreter (the one that has torch 1.13):

    /usr/bin/python3 scripts/make_parity_fixtures.py

Outputs are byte-identical across reruns on the same torch build.
See docs/parity-fixtures.md for what every file holds.
"""

import collections
import io
import json
import os
import pickle
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARITY_DIR = os.path.join(REPO_ROOT, "tests", "fixtures", "parity")
WEIGHTS_DIR = os.path.join(REPO_ROOT, "tests", "fixtures", "weights")

INIT_SEED = 0
DATA_SEED = 42
TRAIN_SEED = 1234
INIT_GAIN = 0.02
SIZE_BUDGET_BYTES = 3_000_000


# ---------------------------------------------------------------------------
# Architectures: same module tree (hence same state_dict keys) as the official
# networks.py of junyanz/pytorch-CycleGAN-and-pix2pix.
# ---------------------------------------------------------------------------

class Identity(nn.Module):
    def forward(self, x):
        return x


def norm_factory(norm):
    if norm == "batch":
        return lambda c: nn.BatchNorm2d(c, affine=True, track_running_stats=True)
    if norm == "instance":
        return lambda c: nn.InstanceNorm2d(c, affine=False, track_running_stats=False)
    if norm == "none":
        return lambda c: Identity()
    raise ValueError(f"unknown norm {norm!r}")


def uses_bias(norm):
    # Official quirk: only InstanceNorm turns the conv bias on; 'none' leaves it off as well.
    return norm == "instance"


class UnetSkipConnectionBlock(nn.Module):
    def __init__(self, outer_nc, inner_nc, input_nc=None, submodule=None,
                 outermost=False, innermost=False, norm="batch", use_dropout=False):
        super().__init__()
        self.outermost = outermost
        make_norm = norm_factory(norm)
        use_bias = uses_bias(norm)
        if input_nc is None:
            input_nc = outer_nc
        downconv = nn.Conv2d(input_nc, inner_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
        # In-place like the official code: the skip branch therefore carries LeakyReLU(x), not x.
        downrelu = nn.LeakyReLU(0.2, True)
        uprelu = nn.ReLU(True)

        if outermost:
            upconv = nn.ConvTranspose2d(inner_nc * 2, outer_nc, kernel_size=4, stride=2, padding=1)
            layers = [downconv, submodule, uprelu, upconv, nn.Tanh()]
        elif innermost:
            upconv = nn.ConvTranspose2d(inner_nc, outer_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
            layers = [downrelu, downconv, uprelu, upconv, make_norm(outer_nc)]
        else:
            upconv = nn.ConvTranspose2d(inner_nc * 2, outer_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
            layers = [downrelu, downconv, make_norm(inner_nc), submodule, uprelu, upconv, make_norm(outer_nc)]
            if use_dropout:
                layers.append(nn.Dropout(0.5))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        if self.outermost:
            return self.model(x)
        return torch.cat([x, self.model(x)], 1)


class UnetGenerator(nn.Module):
    def __init__(self, input_nc, output_nc, num_downs, ngf=64, norm="batch", use_dropout=False):
        super().__init__()
        block = UnetSkipConnectionBlock(ngf * 8, ngf * 8, norm=norm, innermost=True)
        for _ in range(num_downs - 5):
            block = UnetSkipConnectionBlock(ngf * 8, ngf * 8, submodule=block, norm=norm, use_dropout=use_dropout)
        block = UnetSkipConnectionBlock(ngf * 4, ngf * 8, submodule=block, norm=norm)
        block = UnetSkipConnectionBlock(ngf * 2, ngf * 4, submodule=block, norm=norm)
        block = UnetSkipConnectionBlock(ngf, ngf * 2, submodule=block, norm=norm)
        self.model = UnetSkipConnectionBlock(output_nc, ngf, input_nc=input_nc, submodule=block,
                                             outermost=True, norm=norm)

    def forward(self, x):
        return self.model(x)


class ResnetBlock(nn.Module):
    def __init__(self, dim, norm, use_dropout):
        super().__init__()
        make_norm = norm_factory(norm)
        use_bias = uses_bias(norm)
        layers = [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, kernel_size=3, padding=0, bias=use_bias),
                  make_norm(dim), nn.ReLU(True)]
        if use_dropout:
            layers.append(nn.Dropout(0.5))
        layers += [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, kernel_size=3, padding=0, bias=use_bias),
                   make_norm(dim)]
        self.conv_block = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.conv_block(x)


class ResnetGenerator(nn.Module):
    def __init__(self, input_nc, output_nc, ngf=64, norm="batch", use_dropout=False, n_blocks=6):
        super().__init__()
        make_norm = norm_factory(norm)
        use_bias = uses_bias(norm)
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(input_nc, ngf, kernel_size=7, padding=0, bias=use_bias),
                  make_norm(ngf), nn.ReLU(True)]
        for i in range(2):
            mult = 2 ** i
            layers += [nn.Conv2d(ngf * mult, ngf * mult * 2, kernel_size=3, stride=2, padding=1, bias=use_bias),
                       make_norm(ngf * mult * 2), nn.ReLU(True)]
        for _ in range(n_blocks):
            layers.append(ResnetBlock(ngf * 4, norm, use_dropout))
        for i in range(2):
            mult = 2 ** (2 - i)
            layers += [nn.ConvTranspose2d(ngf * mult, ngf * mult // 2, kernel_size=3, stride=2, padding=1,
                                          output_padding=1, bias=use_bias),
                       make_norm(ngf * mult // 2), nn.ReLU(True)]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, output_nc, kernel_size=7, padding=0), nn.Tanh()]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


class NLayerDiscriminator(nn.Module):
    def __init__(self, input_nc, ndf=64, n_layers=3, norm="batch"):
        super().__init__()
        make_norm = norm_factory(norm)
        use_bias = uses_bias(norm)
        layers = [nn.Conv2d(input_nc, ndf, kernel_size=4, stride=2, padding=1), nn.LeakyReLU(0.2, True)]
        mult = 1
        for n in range(1, n_layers):
            prev, mult = mult, min(2 ** n, 8)
            layers += [nn.Conv2d(ndf * prev, ndf * mult, kernel_size=4, stride=2, padding=1, bias=use_bias),
                       make_norm(ndf * mult), nn.LeakyReLU(0.2, True)]
        prev, mult = mult, min(2 ** n_layers, 8)
        layers += [nn.Conv2d(ndf * prev, ndf * mult, kernel_size=4, stride=1, padding=1, bias=use_bias),
                   make_norm(ndf * mult), nn.LeakyReLU(0.2, True)]
        layers.append(nn.Conv2d(ndf * mult, 1, kernel_size=4, stride=1, padding=1))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


class PixelDiscriminator(nn.Module):
    def __init__(self, input_nc, ndf=64, norm="batch"):
        super().__init__()
        make_norm = norm_factory(norm)
        use_bias = uses_bias(norm)
        self.net = nn.Sequential(
            nn.Conv2d(input_nc, ndf, kernel_size=1, stride=1, padding=0),
            nn.LeakyReLU(0.2, True),
            nn.Conv2d(ndf, ndf * 2, kernel_size=1, stride=1, padding=0, bias=use_bias),
            make_norm(ndf * 2),
            nn.LeakyReLU(0.2, True),
            nn.Conv2d(ndf * 2, 1, kernel_size=1, stride=1, padding=0, bias=use_bias))

    def forward(self, x):
        return self.net(x)


def build(options):
    kind = options["kind"]
    if kind == "unet":
        return UnetGenerator(options["input_nc"], options["output_nc"], options["num_downs"], options["ngf"],
                             options["norm"], options["use_dropout"])
    if kind == "resnet":
        return ResnetGenerator(options["input_nc"], options["output_nc"], options["ngf"], options["norm"],
                               options["use_dropout"], options["n_blocks"])
    if kind == "nlayer":
        return NLayerDiscriminator(options["input_nc"], options["ndf"], options["n_layers"], options["norm"])
    if kind == "pixel":
        return PixelDiscriminator(options["input_nc"], options["ndf"], options["norm"])
    raise ValueError(f"unknown kind {kind!r}")


def official_normal_init(net, gain=INIT_GAIN):
    """init_weights(net, 'normal', gain) of the official repository (net.apply: children before parents)."""
    def init_func(m):
        name = m.__class__.__name__
        if hasattr(m, "weight") and (name.find("Conv") != -1 or name.find("Linear") != -1):
            nn.init.normal_(m.weight.data, 0.0, gain)
            if getattr(m, "bias", None) is not None:
                nn.init.constant_(m.bias.data, 0.0)
        elif name.find("BatchNorm2d") != -1:
            nn.init.normal_(m.weight.data, 1.0, gain)
            nn.init.constant_(m.bias.data, 0.0)
    net.apply(init_func)


def perturb_for_parity(net, generator):
    """Makes every bias and running statistic non-trivial so that a parity test notices if one is ignored."""
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)) and module.bias is not None:
                module.bias.normal_(0.0, 0.05, generator=generator)
            if isinstance(module, nn.BatchNorm2d):
                module.bias.normal_(0.0, 0.1, generator=generator)
                module.running_mean.normal_(0.0, 0.1, generator=generator)
                module.running_var.uniform_(0.5, 1.5, generator=generator)
                module.num_batches_tracked.fill_(3)


def parameter_count(net):
    return sum(p.numel() for p in net.parameters())


# ---------------------------------------------------------------------------
# safetensors writer (struct + json; the safetensors package is not installed)
# ---------------------------------------------------------------------------

SAFETENSORS_DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}


def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()  # this script runs on little-endian hosts only (asserted in main)


def safetensors_bytes(tensors, metadata=None):
    header = {}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        data = tensor_bytes(t)
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {k: metadata[k] for k in sorted(metadata)}
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def write_atomically(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# Deterministic torch.save in both formats
# ---------------------------------------------------------------------------

def save_zip(obj, path):
    """torch.save in the zip format; the archive folder inside is named after the file stem, as torch does."""
    folder, file = os.path.split(path)
    staging = os.path.join(folder, ".staging")
    os.makedirs(staging, exist_ok=True)
    torch.save(obj, os.path.join(staging, file))
    os.replace(os.path.join(staging, file), path)
    os.rmdir(staging)


class _KeyRenamingPickleModule:
    """pickle_module for torch.save's legacy writer that replaces memory-address storage keys by 0, 1, 2, ...

    The legacy format names storages by their C pointer, which changes every run. This keeps torch's own writer
    and records what is needed to rename the keys and to put the storages back in sorted-new-key order.
    """

    __name__ = "pickle"

    def __init__(self):
        self.renames = {}
        self.element_sizes = {}
        self.original_order = None
        self.keys_end = None
        module = self

        class Pickler(pickle.Pickler):
            def __setattr__(self, name, value):
                if name == "persistent_id":
                    name = "torch_persistent_id"
                object.__setattr__(self, name, value)

            def persistent_id(self, obj):
                pid = self.torch_persistent_id(obj)
                if pid is None or pid[0] != "storage":
                    return pid
                _, storage_type, key, location, numel, view = pid
                module.element_sizes[key] = torch.empty((), dtype=storage_type.dtype).element_size()
                new_key = module.renames.setdefault(key, str(len(module.renames)))
                if view is not None:
                    view = (module.renames.setdefault(view[0], str(len(module.renames))),) + tuple(view[1:])
                return ("storage", storage_type, new_key, location, numel, view)

        self.Pickler = Pickler

    def dump(self, obj, f, protocol=None):
        if isinstance(obj, list) and self.renames and set(obj) == set(self.renames):
            self.original_order = list(obj)
            pickle.dump(sorted(self.renames[k] for k in obj), f, protocol=protocol)
            self.keys_end = f.tell()
        else:
            pickle.dump(obj, f, protocol=protocol)


def save_legacy(obj, path):
    """torch.save(..., _use_new_zipfile_serialization=False) with reproducible storage keys."""
    module = _KeyRenamingPickleModule()
    buffer = io.BytesIO()
    torch.save(obj, buffer, pickle_module=module, _use_new_zipfile_serialization=False)
    raw = buffer.getvalue()
    head, tail = raw[:module.keys_end], raw[module.keys_end:]
    chunks = {}
    position = 0
    for key in module.original_order:
        count = struct.unpack_from("<q", tail, position)[0]
        size = 8 + count * module.element_sizes[key]
        chunks[module.renames[key]] = tail[position:position + size]
        position += size
    if position != len(tail):
        raise RuntimeError("legacy storage layout not understood")
    write_atomically(path, head + b"".join(chunks[k] for k in sorted(chunks)))


# ---------------------------------------------------------------------------
# Official full-size counts
# ---------------------------------------------------------------------------

def check_official_counts():
    unet = UnetGenerator(3, 3, 8, 64, "batch", use_dropout=True)
    basic_d = NLayerDiscriminator(6, 64, 3, "batch")
    resnet = ResnetGenerator(3, 3, 64, "instance", use_dropout=False, n_blocks=9)
    counts = {"unet_256": parameter_count(unet), "basic_D": parameter_count(basic_d),
              "resnet_9blocks": parameter_count(resnet)}
    for name, count in counts.items():
        print(f"[official] {name}: {count:,} parameters ({count / 1e6:.3f} M)")
    assert counts["unet_256"] == 54_413_955, counts
    assert counts["basic_D"] == 2_768_705, counts
    assert round(counts["resnet_9blocks"] / 1e6, 3) == 11.378, counts


# ---------------------------------------------------------------------------
# Parity fixtures
# ---------------------------------------------------------------------------

PARITY_CASES = [
    ("unet_batch", dict(kind="unet", input_nc=3, output_nc=3, num_downs=6, ngf=3, norm="batch", use_dropout=True),
     [2, 3, 64, 64], True),
    ("unet_instance", dict(kind="unet", input_nc=3, output_nc=3, num_downs=5, ngf=4, norm="instance",
                           use_dropout=False), [1, 3, 32, 32], False),
    ("nlayer_batch", dict(kind="nlayer", input_nc=6, ndf=4, n_layers=3, norm="batch"), [2, 6, 32, 32], False),
    ("pixel_batch", dict(kind="pixel", input_nc=6, ndf=8, norm="batch"), [2, 6, 16, 16], False),
    ("resnet_instance", dict(kind="resnet", input_nc=3, output_nc=3, ngf=4, norm="instance", use_dropout=True,
                             n_blocks=6), [1, 3, 32, 32], False),
    ("resnet_batch", dict(kind="resnet", input_nc=3, output_nc=3, ngf=4, norm="batch", use_dropout=False,
                          n_blocks=2), [2, 3, 16, 16], False),
]


def make_parity_case(name, options, input_shape, with_legacy):
    torch.manual_seed(INIT_SEED)
    net = build(options)
    official_normal_init(net)
    data_generator = torch.Generator().manual_seed(DATA_SEED)
    perturb_for_parity(net, data_generator)

    state = net.state_dict()
    save_zip(state, os.path.join(PARITY_DIR, f"{name}.pth"))
    if with_legacy:
        save_legacy(state, os.path.join(PARITY_DIR, f"{name}_legacy.pth"))

    x = torch.randn(input_shape, generator=data_generator)
    io_tensors = {"input": x.clone()}

    net.eval()
    with torch.no_grad():
        io_tensors["output.eval"] = net(x.clone())

    net.train()
    net.zero_grad(set_to_none=True)
    x_train = x.clone().requires_grad_(True)
    # libtorch's CPU bernoulli differs between builds (with MKL it draws from a VSL stream), so the same seed does
    # not give the same dropout masks everywhere: record each Dropout's mask (1 kept, 0 dropped) for the ports.
    masks = {}
    hooks = [m.register_forward_hook(lambda mod, inp, out, key=key: masks.__setitem__(key, (out != 0).float()))
             for key, m in net.named_modules() if isinstance(m, nn.Dropout)]
    torch.manual_seed(TRAIN_SEED)
    y = net(x_train)
    for h in hooks:
        h.remove()
    r = torch.randn(y.shape, generator=data_generator)
    loss = (y * r).sum()
    loss.backward()

    io_tensors["output.train"] = y.detach().clone()
    io_tensors["R"] = r
    io_tensors["loss"] = loss.detach().clone()
    io_tensors["grad.input"] = x_train.grad.clone()
    for key, p in net.named_parameters():
        io_tensors[f"grad.{key}"] = p.grad.clone()
    for key, b in net.named_buffers():
        io_tensors[f"after.{key}"] = b.clone()
    for key, mask in masks.items():
        io_tensors[f"dropout_mask.{key}"] = mask

    metadata = {
        "format": "pix2pix-parity/1",
        "model": json.dumps(options, sort_keys=True),
        "input_shape": json.dumps(input_shape),
        "init": json.dumps({"type": "normal", "gain": INIT_GAIN, "seed": INIT_SEED, "perturbed": True}),
        "train_seed": str(TRAIN_SEED),
        "parameters": str(parameter_count(net)),
        "torch": torch.__version__,
    }
    write_atomically(os.path.join(PARITY_DIR, f"{name}_io.safetensors"), safetensors_bytes(io_tensors, metadata))
    print(f"[parity] {name}: {parameter_count(net):,} parameters, output {list(y.shape)}")


# ---------------------------------------------------------------------------
# Weight-loading fixtures (tests/Weights.Tests)
# ---------------------------------------------------------------------------

def weights_sample():
    g = torch.Generator().manual_seed(7)
    shared = torch.arange(24, dtype=torch.float32)
    sample = collections.OrderedDict()
    sample["conv.weight"] = torch.randn(4, 3, 3, 3, generator=g)
    sample["conv.bias"] = torch.randn(4, generator=g)
    sample["bn.running_mean"] = torch.randn(4, generator=g)
    sample["bn.num_batches_tracked"] = torch.tensor(17, dtype=torch.int64)
    sample["transposed"] = torch.randn(3, 5, generator=g).t()
    sample["permuted"] = torch.randn(2, 3, 4, generator=g).permute(2, 0, 1)
    sample["strided"] = torch.randn(6, 8, generator=g)[::2, 1::3]
    sample["expanded"] = torch.tensor([1.5, -2.0]).view(2, 1).expand(2, 3)
    sample["shared.head"] = shared[:6].view(2, 3)
    sample["shared.tail"] = shared[10:22].view(3, 4)
    sample["scalar"] = torch.tensor(2.5)
    sample["empty"] = torch.zeros(0, 3)
    sample["f64"] = torch.randn(3, 2, generator=g, dtype=torch.float64)
    sample["f16"] = torch.randn(5, generator=g).half()
    sample["bf16"] = torch.randn(5, generator=g).bfloat16()
    sample["i32"] = torch.tensor([-3, 0, 2147483647], dtype=torch.int32)
    sample["i16"] = torch.tensor([-32768, 1, 32767], dtype=torch.int16)
    sample["i8"] = torch.tensor([-128, 5, 127], dtype=torch.int8)
    sample["u8"] = torch.tensor([0, 128, 255], dtype=torch.uint8)
    sample["flags"] = torch.tensor([True, False, True])
    return sample


class _StorageView:
    pass


class _OldStyleTensor:
    def __init__(self, shape, stride):
        self.shape, self.stride = shape, stride

    def __reduce__(self):
        return torch._utils._rebuild_tensor_v2, (_StorageView(), 0, self.shape, self.stride, False,
                                                 collections.OrderedDict())


def write_legacy_storage_view(path):
    """A legacy file as PyTorch < 0.4 could write it: the tensor's storage is a view (offset 10, 12 elements)
    of a 24-element root storage, expressed by the view_metadata of the persistent id."""

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, _StorageView):
                return ("storage", torch.FloatStorage, "root", "cpu", 24, ("view", 10, 12))
            return None

    buffer = io.BytesIO()
    for header in (0x1950A86A20F9469CFC6C, 1001,
                   dict(protocol_version=1001, little_endian=True, type_sizes=dict(short=2, int=4, long=4))):
        pickle.dump(header, buffer, protocol=2)
    Pickler(buffer, protocol=2).dump(collections.OrderedDict([("viewed", _OldStyleTensor((3, 4), (4, 1)))]))
    pickle.dump(["root"], buffer, protocol=2)
    buffer.write(struct.pack("<q", 24) + torch.arange(24, dtype=torch.float32).numpy().tobytes())
    write_atomically(path, buffer.getvalue())
    loaded = torch.load(path)["viewed"]
    assert torch.equal(loaded, torch.arange(10, 22, dtype=torch.float32).view(3, 4)), loaded


MALICIOUS_MARKER = "/tmp/pix2pix_weights_pwned_marker"


class _Malicious:
    """Unpickling this with pickle.load would run a shell command; a safe loader must refuse it."""

    def __reduce__(self):
        return os.system, (f"echo pwned > {MALICIOUS_MARKER}",)


def make_weight_fixtures():
    sample = weights_sample()
    save_zip(sample, os.path.join(WEIGHTS_DIR, "sample_zip.pth"))
    save_legacy(sample, os.path.join(WEIGHTS_DIR, "sample_legacy.pth"))
    expected = {k: v.contiguous() for k, v in sample.items()}
    write_atomically(os.path.join(WEIGHTS_DIR, "sample_expected.safetensors"),
                     safetensors_bytes(expected, {"order": json.dumps(list(sample.keys()))}))

    small = collections.OrderedDict((k, sample[k]) for k in ["conv.weight", "conv.bias", "bn.num_batches_tracked"])
    data_parallel = collections.OrderedDict((f"module.{k}", v) for k, v in small.items())
    checkpoint = {"epoch": 3, "netG": data_parallel, "lr": 0.0002, "name": "facades"}
    save_zip(checkpoint, os.path.join(WEIGHTS_DIR, "wrapped_zip.pth"))
    save_legacy(checkpoint, os.path.join(WEIGHTS_DIR, "wrapped_legacy.pth"))
    write_legacy_storage_view(os.path.join(WEIGHTS_DIR, "storage_view_legacy.pth"))

    malicious = collections.OrderedDict([("conv.weight", sample["conv.bias"]), ("payload", _Malicious())])
    save_zip(malicious, os.path.join(WEIGHTS_DIR, "malicious_zip.pth"))
    save_legacy(malicious, os.path.join(WEIGHTS_DIR, "malicious_legacy.pth"))
    print(f"[weights] {len(sample)} sample tensors, wrapped checkpoint with key 'netG', malicious pickles")


def main():
    assert sys.byteorder == "little"
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    check_official_counts()
    for name, options, input_shape, with_legacy in PARITY_CASES:
        make_parity_case(name, options, input_shape, with_legacy)
    make_weight_fixtures()

    total = 0
    for folder in (PARITY_DIR, WEIGHTS_DIR):
        for file in sorted(os.listdir(folder)):
            size = os.path.getsize(os.path.join(folder, file))
            total += size
            print(f"  {os.path.relpath(os.path.join(folder, file), REPO_ROOT)}: {size:,} bytes")
    print(f"  total: {total:,} bytes")
    assert total < SIZE_BUDGET_BYTES, f"fixtures take {total} bytes, over the {SIZE_BUDGET_BYTES} budget"


if __name__ == "__main__":
    sys.exit(main())
