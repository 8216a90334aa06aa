#!/usr/bin/python3
"""Writes the small generator-like ONNX models the inference tests run (tests/fixtures/inference).

Deterministic: the same onnx version writes the same bytes. Run with Debian's python3 (python3-onnx):
    /usr/bin/python3 scripts/make_inference_fixtures.py

conv_tanh.onnx  3x3 Conv 3->3 (zero pad 1) + Tanh; metadata input_nc=3, output_nc=3, size_multiple=4.
                Weights follow a formula that the C# tests repeat: W[o,c,kh,kw] = ((o*27+c*9+kh*3+kw) % 13 - 6) / 20,
                B = [0.1, -0.2, 0.05]. Purely local (radius 1), so tiling with overlap must reproduce it exactly.
unet.onnx       2-level encoder/decoder with a skip connection (Conv s2, Conv s2, ConvTranspose s2, concat,
                ConvTranspose s2, Tanh): H and W must be multiples of 4; metadata size_multiple=4.
gray.onnx       3x3 Conv 1->1 + Tanh with no metadata: channels come from the static shape.
fixed.onnx      conv_tanh's layers over a static [2, 3, 16, 16] input: fixed batch and fixed size.
bad_rank.onnx   Identity over a rank-3 input [C, H, W].
bad_channels.onnx Identity over a 4-channel NCHW input.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "inference")
OPSET = [helper.make_operatorsetid("", 13)]
IR_VERSION = 7


def model(graph, meta=None):
    m = helper.make_model(graph, opset_imports=OPSET, producer_name="pix2pix-fixtures", producer_version="1.0")
    m.ir_version = IR_VERSION
    if meta:
        helper.set_model_props(m, meta)
    onnx.checker.check_model(m)
    return m


def nchw(name, channels):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N", channels, "H", "W"])


def init(name, array):
    return numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name)


def formula_weights(out_c, in_c):
    idx = np.arange(out_c * in_c * 9, dtype=np.int64).reshape(out_c, in_c, 3, 3)
    o = idx // (in_c * 9)
    rest = idx % (in_c * 9)
    flat = o * 27 + rest
    return ((flat % 13) - 6).astype(np.float32) / np.float32(20)


def conv_tanh_model():
    w = formula_weights(3, 3)
    b = np.array([0.1, -0.2, 0.05], dtype=np.float32)
    nodes = [helper.make_node("Conv", ["input", "W", "B"], ["conv"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("Tanh", ["conv"], ["output"])]
    g = helper.make_graph(nodes, "conv_tanh", [nchw("input", 3)], [nchw("output", 3)], [init("W", w), init("B", b)])
    return model(g, {"input_nc": "3", "output_nc": "3", "size_multiple": "4", "direction": "AtoB"})


def unet_model():
    rng = np.random.RandomState(20240601)

    def weights(*shape):
        fan_in = shape[1] * shape[2] * shape[3]
        return rng.standard_normal(shape).astype(np.float32) / np.float32(np.sqrt(fan_in))

    inits = [init("W1", weights(8, 3, 4, 4)), init("B1", np.zeros(8)),
             init("W2", weights(16, 8, 4, 4)), init("B2", np.zeros(16)),
             init("W3", weights(16, 8, 4, 4)), init("B3", np.zeros(8)),       # ConvTranspose: [in, out, kh, kw]
             init("W4", weights(16, 3, 4, 4)), init("B4", np.full(3, 0.05))]
    down = dict(kernel_shape=[4, 4], strides=[2, 2], pads=[1, 1, 1, 1])
    nodes = [helper.make_node("Conv", ["input", "W1", "B1"], ["d1"], **down),
             helper.make_node("LeakyRelu", ["d1"], ["a1"], alpha=0.2),
             helper.make_node("Conv", ["a1", "W2", "B2"], ["d2"], **down),
             helper.make_node("Relu", ["d2"], ["a2"]),
             helper.make_node("ConvTranspose", ["a2", "W3", "B3"], ["u1"], **down),
             helper.make_node("Relu", ["u1"], ["r1"]),
             helper.make_node("Concat", ["r1", "a1"], ["skip"], axis=1),
             helper.make_node("ConvTranspose", ["skip", "W4", "B4"], ["u2"], **down),
             helper.make_node("Tanh", ["u2"], ["output"])]
    g = helper.make_graph(nodes, "unet_2level", [nchw("input", 3)], [nchw("output", 3)], inits)
    return model(g, {"input_nc": "3", "output_nc": "3", "size_multiple": "4", "direction": "BtoA"})


def fixed_model():
    w = formula_weights(3, 3)
    b = np.array([0.1, -0.2, 0.05], dtype=np.float32)
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [2, 3, 16, 16])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, [2, 3, 16, 16])
    nodes = [helper.make_node("Conv", ["input", "W", "B"], ["conv"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("Tanh", ["conv"], ["output"])]
    g = helper.make_graph(nodes, "fixed", [x], [y], [init("W", w), init("B", b)])
    return model(g, {"input_nc": "3", "output_nc": "3"})


def gray_model():
    w = formula_weights(1, 1)
    nodes = [helper.make_node("Conv", ["input", "W"], ["conv"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("Tanh", ["conv"], ["output"])]
    g = helper.make_graph(nodes, "gray", [nchw("input", 1)], [nchw("output", 1)], [init("W", w)])
    return model(g)


def identity_model(name, shape):
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, shape)
    return model(helper.make_graph([helper.make_node("Identity", ["input"], ["output"])], name, [x], [y]))


def main():
    os.makedirs(OUT, exist_ok=True)
    models = [("conv_tanh.onnx", conv_tanh_model()), ("unet.onnx", unet_model()), ("gray.onnx", gray_model()),
              ("fixed.onnx", fixed_model()),
              ("bad_rank.onnx", identity_model("bad_rank", [3, "H", "W"])),
              ("bad_channels.onnx", identity_model("bad_channels", ["N", 4, "H", "W"]))]
    for name, m in models:
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            f.write(m.SerializeToString())
        print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
