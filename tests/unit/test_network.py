"""The network: forward passes of random networks against a plain-Python loop reference
(explicit loops over neurons and inputs, math-module functions), the trace, shapes, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.nn import activations
from app.nn.network import Network, NetworkError, check_size, param_views

ELEMENTWISE = [n for n in activations.NAMES if n != "softmax"]
FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]


def act_ref(name: str, z: float) -> float:
    if name == "relu":
        return z if z > 0 else 0.0
    if name == "leaky_relu":
        return z if z > 0 else 0.01 * z
    if name == "elu":
        return z if z > 0 else math.exp(z) - 1
    if name == "gelu":
        return 0.5 * z * (1 + math.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z * z * z)))
    if name == "softplus":
        return math.log(1 + math.exp(z)) if z < 30 else z + math.log1p(math.exp(-z))
    if name == "swish":
        return z / (1 + math.exp(-z))
    if name == "sigmoid":
        return 1 / (1 + math.exp(-z))
    if name == "tanh":
        return math.tanh(z)
    if name == "linear":
        return z
    raise KeyError(name)


def feature_ref(name: str, x1: float, x2: float) -> float:
    return {
        "x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2,
        "sin(x1)": math.sin(x1), "sin(x2)": math.sin(x2),
    }[name]


def forward_ref(layers, features, row):
    """One input row through plain loops: returns [(z list, a list) per layer]."""
    a = [feature_ref(f, row[0], row[1]) for f in features] if features else list(row)
    trace = []
    for weights, biases, act in layers:
        z = []
        for j in range(len(weights)):
            s = biases[j]
            for i in range(len(a)):
                s += weights[j][i] * a[i]
            z.append(s)
        if act == "softmax":
            m = max(z)
            e = [math.exp(v - m) for v in z]
            a = [v / sum(e) for v in e]
        else:
            a = [act_ref(act, v) for v in z]
        trace.append((z, a))
    return trace


def random_layers(rng, n_in, n_layers, softmax_out):
    layers, width = [], n_in
    for k in range(n_layers):
        last = k == n_layers - 1
        out = int(rng.integers(2, 5)) if last and softmax_out else int(rng.integers(1, 7))
        act = "softmax" if last and softmax_out else str(rng.choice(ELEMENTWISE))
        layers.append((rng.normal(0, 1.0, (out, width)).tolist(), rng.normal(0, 0.5, out).tolist(), act))
        width = out
    return layers


@pytest.mark.parametrize("seed", range(12))
def test_forward_and_trace_match_plain_loops(seed):
    rng = np.random.default_rng(seed)
    features = list(rng.permutation(FEATURES)[: rng.integers(1, 8)]) if seed % 2 else None
    n_in = len(features) if features else int(rng.integers(1, 5))
    layers = random_layers(rng, n_in, int(rng.integers(1, 5)), softmax_out=seed % 3 == 0)
    net = Network.from_arrays(layers, features)
    x = rng.uniform(-3, 3, (15, 2 if features else n_in))

    out = net.forward(x)
    prepared, trace = net.trace(x)
    assert out.shape == (15, len(layers[-1][1]))
    assert len(trace) == len(layers)
    np.testing.assert_array_equal(trace[-1][1], out)
    for r, row in enumerate(x):
        ref = forward_ref(layers, features, list(row))
        if features:
            np.testing.assert_allclose(prepared[r], [feature_ref(f, *row) for f in features], rtol=1e-15)
        for (z, a), (zr, ar) in zip(trace, ref, strict=True):
            np.testing.assert_allclose(z[r], zr, rtol=1e-11, atol=1e-13)
            np.testing.assert_allclose(a[r], ar, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("act", activations.NAMES)
def test_every_activation_in_a_network(act):
    rng = np.random.default_rng(5)
    layers = [(rng.normal(0, 2, (4, 2)).tolist(), rng.normal(0, 1, 4).tolist(), "tanh"),
              (rng.normal(0, 2, (3, 4)).tolist(), rng.normal(0, 1, 3).tolist(), act)]
    net = Network.from_arrays(layers)
    x = rng.uniform(-2, 2, (10, 2))
    for r, row in enumerate(x):
        np.testing.assert_allclose(net.forward(x)[r], forward_ref(layers, None, list(row))[-1][1],
                                   rtol=1e-12, atol=1e-14)


def test_a_single_neuron_is_the_lesson_neuron():
    net = Network.from_arrays([([[0.5, 0.3, 0.2]], [-0.4], "sigmoid")])
    _, [(z, a)] = net.trace(np.array([[0.8, 0.7, 0.9]]))
    assert z[0, 0] == pytest.approx(0.39, abs=1e-12)
    assert round(a[0, 0], 4) == 0.5963


def test_weights_j_i_is_from_input_i_to_neuron_j():
    net = Network.from_arrays([([[1.0, 0.0], [0.0, 10.0], [1.0, 1.0]], [0.0, 0.0, 0.5], "linear")])
    np.testing.assert_array_equal(net.forward(np.array([[2.0, 3.0]])), [[2.0, 30.0, 5.5]])


def test_params_are_one_flat_vector_with_views():
    net = Network.from_arrays([([[1.0, 2.0], [3.0, 4.0]], [5.0, 6.0], "tanh"), ([[7.0, 8.0]], [9.0], "linear")])
    np.testing.assert_array_equal(net.params, np.arange(1.0, 10.0))
    net.params[0] = 100.0
    assert net.layers[0].weights[0, 0] == 100.0
    net.layers[1].biases[0] = -1.0
    assert net.params[-1] == -1.0
    views = param_views(np.arange(9.0), net)
    np.testing.assert_array_equal(views[1][0], [[6.0, 7.0]])


def test_copy_with_params_and_dict_round_trip():
    rng = np.random.default_rng(1)
    net = Network.from_arrays(random_layers(rng, 5, 3, True), ["x1", "x2", "x1^2", "sin(x1)", "x1*x2"])
    clone = net.copy()
    clone.params[0] += 1
    assert net.params[0] != clone.params[0]
    again = Network.from_dict(net.to_dict())
    np.testing.assert_array_equal(again.params, net.params)
    assert again.features == net.features
    assert again.to_dict() == net.to_dict()
    moved = net.with_params(net.params * 2)
    np.testing.assert_array_equal(moved.params, net.params * 2)
    x = rng.uniform(-1, 1, (3, 2))
    np.testing.assert_array_equal(again.forward(x), net.forward(x))


def test_shapes_facts():
    net = Network.from_arrays([([[1.0] * 3] * 4, [0.0] * 4, "relu"), ([[1.0] * 4] * 2, [0.0] * 2, "softmax")],
                              ["x1", "x2", "x1*x2"])
    assert (net.n_inputs, net.n_outputs, net.raw_inputs) == (3, 2, 2)
    plain = Network.from_arrays([([[1.0] * 3], [0.0], "relu")])
    assert plain.raw_inputs == 3


@pytest.mark.parametrize(
    ("layers", "features", "match"),
    [
        ([], None, "at least one layer"),
        ([([[1.0, 2.0]], [0.0, 0.0], "tanh")], None, "layer 0: 1 neurons"),
        ([([[1.0, 2.0]], [0.0], "tanh"), ([[1.0], [2.0]], [0.0, 0.0], "tanh"), ([[1.0, 2.0, 3.0]], [0.0], "linear")],
         None, "layer 2: weights have 3 columns but layer 1 has 2 neurons"),
        ([([[1.0, 2.0]], [0.0], "softmax"), ([[1.0]], [0.0], "tanh")], None, "layer 0: softmax"),
        ([([[1.0, 2.0, 3.0]], [0.0], "tanh")], ["x1", "x2"], "layer 0: weights have 3 columns but there are 2"),
        ([([], [], "tanh")], None, "layer 0"),
    ],
)
def test_shape_errors_name_the_layer(layers, features, match):
    with pytest.raises(ValueError, match=match):
        Network.from_arrays(layers, features)


def test_unknown_names():
    with pytest.raises(NetworkError, match="known") as err:
        Network.from_arrays([([[1.0]], [0.0], "tanhh")])
    assert err.value.path == ["layers", 0, "activation"]
    with pytest.raises(NetworkError, match="known") as err:
        Network.from_arrays([([[1.0]], [0.0], "tanh")], ["x1", "x7"])
    assert err.value.path == ["features", 1]


@pytest.mark.parametrize(("layers", "features", "path", "words"), [
    ([], None, ["layers"], "at least one layer"),
    ([([[1.0, 2.0], [3.0]], [0.0, 0.0], "tanh")], None, ["layers", 0, "weights", 1], "ragged"),
    ([([[1.0, 2.0]], [0.0, 1.0], "tanh")], None, ["layers", 0, "biases"], "2 biases"),
    ([([[1.0]], [0.0], "tanh"), ([[1.0, 2.0]], [0.0], "tanh")], None, ["layers", 1, "weights"], "2 columns"),
    ([([[1.0]], [0.0], "softmax"), ([[1.0]], [0.0], "tanh")], None, ["layers", 0, "activation"], "softmax"),
    ([([[1.0]], [0.0], "tanh")], ["x1", "x2"], ["layers", 0, "weights"], "2 features"),
    ([([[1.0, 2.0]], [0.0], "tanh")], ["x1", "x1"], ["features"], "repeat"),
    ([([[1.0, float("nan")]], [0.0], "tanh")], None, ["layers", 0, "weights"], "finite"),
    ([([[1.0]], [float("inf")], "tanh")], None, ["layers", 0, "biases"], "finite"),
    ([([[1.0]], ["a"], "tanh")], None, ["layers", 0, "biases"], "numbers"),
])
def test_a_bad_network_raises_a_network_error_naming_the_part(layers, features, path, words):
    with pytest.raises(NetworkError, match=words) as err:
        Network.from_arrays(layers, features)
    assert err.value.path == path
    assert isinstance(err.value, ValueError)


def test_check_size_names_the_part_past_the_limit():
    layer = ([[0.0, 0.0]] * 3, [0.0] * 3, "tanh")
    check_size([layer] * 2, max_layers=2, max_units=3)
    with pytest.raises(NetworkError, match="at most 1 items") as err:
        check_size([layer] * 2, max_layers=1, max_units=3)
    assert err.value.path == ["layers"]
    with pytest.raises(NetworkError, match="at most 2 items") as err:
        check_size([layer], max_layers=2, max_units=2)
    assert err.value.path == ["layers", 0, "weights"]


def test_input_width_is_checked():
    net = Network.from_arrays([([[1.0, 2.0]], [0.0], "tanh")], ["x1", "sin(x2)"])
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        net.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError):
        net.forward(np.zeros(2))
