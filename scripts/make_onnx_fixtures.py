#!/usr/bin/python3
"""Writes the tiny ONNX models the ONNX Runtime binding tests run (tests/fixtures/onnx).

Deterministic: the same onnx version writes the same bytes. Run with Debian's python3 (python3-onnx):
    /usr/bin/python3 scripts/make_onnx_fixtures.py
The Conv weights follow a formula that the C# tests repeat, so they need not parse the model.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "onnx")
OPSET = [helper.make_operatorsetid("", 13)]
IR_VERSION = 7


def conv_weights():
    """W[o, c, kh, kw] = ((o*27 + c*9 + kh*3 + kw) % 11 - 5) / 10, B = [0.5, -0.25]."""
    idx = np.arange(2 * 3 * 3 * 3, dtype=np.int64).reshape(2, 3, 3, 3)
    w = ((idx % 11) - 5).astype(np.float32) / np.float32(10)
    b = np.array([0.5, -0.25], dtype=np.float32)
    return w, b


def model(graph, **meta):
    m = helper.make_model(graph, opset_imports=OPSET, producer_name="pix2pix-fixtures", producer_version="1.0")
    m.ir_version = IR_VERSION
    for k, v in meta.items():
        setattr(m, k, v)
    onnx.checker.check_model(m)
    return m


def conv_model():
    w, b = conv_weights()
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, "H", "W"])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", 2, "H", "W"])
    node = helper.make_node("Conv", ["input", "W", "B"], ["output"], name="conv",
                            kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1])
    inits = [helper.make_tensor("W", TensorProto.FLOAT, w.shape, w.flatten().tolist()),
             helper.make_tensor("B", TensorProto.FLOAT, b.shape, b.tolist())]
    g = helper.make_graph([node], "tiny_conv", [x], [y], inits, doc_string="3x3 conv, 3->2 channels, pad 1")
    m = model(g, domain="ai.pix2pix.test", model_version=7, doc_string="Pix2Pix binding test model")
    helper.set_model_props(m, {"pix2pix.direction": "AtoB", "pix2pix.ngf": "64", "note": "héllo ✓"})
    return m


def add_model():
    a = helper.make_tensor_value_info("a", TensorProto.FLOAT, ["batch", 4])
    b = helper.make_tensor_value_info("b", TensorProto.FLOAT, ["batch", 4])
    s = helper.make_tensor_value_info("sum", TensorProto.FLOAT, ["batch", 4])
    p = helper.make_tensor_value_info("product", TensorProto.FLOAT, ["batch", 4])
    nodes = [helper.make_node("Add", ["a", "b"], ["sum"]), helper.make_node("Mul", ["a", "b"], ["product"])]
    return model(helper.make_graph(nodes, "add_mul", [a, b], [s, p]))


def types_model():
    types = [("f32", TensorProto.FLOAT), ("i64", TensorProto.INT64), ("u8", TensorProto.UINT8),
             ("f16", TensorProto.FLOAT16)]
    ins, outs, nodes = [], [], []
    for name, t in types:
        ins.append(helper.make_tensor_value_info(name, t, ["d0", "d1"]))
        outs.append(helper.make_tensor_value_info(name + "_out", t, ["d0", "d1"]))
        nodes.append(helper.make_node("Identity", [name], [name + "_out"]))
    return model(helper.make_graph(nodes, "identities", ins, outs))


def fold_model():
    """y = x + (c1 + c2): constant folding (GraphOptimizationLevel Basic) leaves one Add of the two."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2])
    inits = [helper.make_tensor("c1", TensorProto.FLOAT, [2], [1.0, 2.0]),
             helper.make_tensor("c2", TensorProto.FLOAT, [2], [10.0, 20.0])]
    nodes = [helper.make_node("Add", ["c1", "c2"], ["c"], name="n1"), helper.make_node("Add", ["x", "c"], ["y"], name="n2")]
    return model(helper.make_graph(nodes, "fold", [x], [y], inits))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, m in [("conv.onnx", conv_model()), ("add.onnx", add_model()), ("types.onnx", types_model()),
                    ("fold.onnx", fold_model())]:
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            f.write(m.SerializeToString())
        print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
