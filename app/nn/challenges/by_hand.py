"""The challenges solved by editing weights (or choosing features): the submitted network is
measured as it is, on the challenge's own inputs or seeded data."""

from __future__ import annotations

import math

from app.nn import datasets, init
from app.nn.challenges.base import (
    Challenge,
    Submission,
    TrainSettings,
    Verdict,
    data_body,
    fit_error,
    measure,
    outputs,
    rounded,
)

MALIGNANT = (0.8, 0.7, 0.9)  # the lesson's example
BENIGN = (0.2, 0.1, 0.3)
XY = ["x1", "x2"]


def _one_neuron(net, *, inputs: int | None = None, features=None, activation: str | None = None) -> str | None:
    """Why ``net`` is not the one neuron the challenge asks for (None when it is)."""
    if len(net.layers) != 1 or net.n_outputs != 1:
        sizes = [lyr.weights.shape[0] for lyr in net.layers]
        return f"use a single neuron and no hidden layer (this network has layers of {sizes} neurons)"
    if inputs is not None and (net.features is not None or net.n_inputs != inputs):
        return f"the neuron takes {inputs} inputs (no features); this one takes {net.raw_inputs}"
    if features is not None and list(net.features or []) != list(features):
        reads = ", ".join(net.features or ["raw inputs"])
        return f"use the inputs {', '.join(features)} only (this network reads {reads})"
    if activation is not None and net.layers[0].activation != activation:
        return f"keep the {activation} activation (this neuron uses {net.layers[0].activation})"
    return None


def _settings(**kw) -> dict:
    return TrainSettings(**kw).body()


# 1. tumour-by-hand -------------------------------------------------------------------------------
def _tumour(sub: Submission) -> Verdict:
    net = sub.network
    why = _one_neuron(net, inputs=3, activation="sigmoid")
    if why:
        return Verdict(False, why)
    out = outputs(net, [MALIGNANT, BENIGN])
    if out is None:
        return Verdict(False, "the neuron's output overflows: use smaller weights")
    m, b = float(out[0, 0]), float(out[1, 0])
    measured = {"malignant_output": m, "malignant_threshold": 0.9, "benign_output": b, "benign_threshold": 0.1}
    if m > 0.9 and b < 0.1:
        return Verdict(True, f"Malignant reads {m:.3f} and benign {b:.3f}: a confident classifier.", measured)
    if m <= 0.9 and b >= 0.1:
        msg = "Both outputs are too close to 0.5: make the weights larger, and the bias more negative to balance them."
    elif m <= 0.9:
        msg = f"The malignant example reads {m:.3f}: raise the weights (or the bias) until it is above 0.9."
    else:
        msg = f"The benign example reads {b:.3f}: lower the bias (more negative) until it is below 0.1."
    return Verdict(False, msg, measured)


TUMOUR = Challenge(
    id="tumour-by-hand", title="A confident tumour neuron", lesson="neuron", order=1,
    goal="Edit the lesson's tumour neuron so the malignant example (0.8, 0.7, 0.9) reads above 0.9 "
         "and the benign one (0.2, 0.1, 0.3) below 0.1.",
    hints=("The output is sigmoid(z): above 0.9 needs z > 2.2, below 0.1 needs z < −2.2.",
           "The two examples differ by 0.6 in every input: with equal weights w, z differs by 1.8·w.",
           "Try weights 4, 4, 4 and bias −6: z = 3.6 for malignant, −3.6 for benign."),
    start={"network": {"layers": [{"activation": "sigmoid", "weights": [[0.5, 0.3, 0.2]], "biases": [-0.4]}]},
           "visible": ["weights"]},
    make_solution=lambda: {"network": {"layers": [
        {"activation": "sigmoid", "weights": [[4.0, 4.0, 4.0]], "biases": [-6.0]}]}},
    checker=_tumour,
)


# 2. one-neuron-line ------------------------------------------------------------------------------
GAUSS = datasets.Spec("gauss", 200, 0.0, 0, 0.5)


def _accuracy_verdict(net, spec, threshold: float, good: str, bad: str) -> Verdict:
    why = fit_error(net, spec)
    if why:
        return Verdict(False, why)
    m = measure(net, spec)
    acc = m.get("test_accuracy")
    measured = {"test_accuracy": acc, "threshold": threshold, "test_loss": m.get("test_loss")}
    if acc is None:
        return Verdict(False, "the network's outputs overflow on the data: use smaller weights", measured)
    if acc >= threshold:
        return Verdict(True, good.format(acc=acc), measured)
    return Verdict(False, bad.format(acc=acc), measured)


def _line(sub: Submission) -> Verdict:
    why = _one_neuron(sub.network, features=XY)
    if why:
        return Verdict(False, why)
    return _accuracy_verdict(sub.network, GAUSS, 0.95,
                             "Test accuracy {acc:.3f}: one straight line separates the clusters.",
                             "Test accuracy {acc:.3f}. The line w₁·x₁ + w₂·x₂ + b = 0 must pass between the "
                             "clusters at (2, 2) and (−2, −2): tilt it with the weights.")


ONE_LINE = Challenge(
    id="one-neuron-line", title="One neuron, one line", lesson="neuron", order=2,
    goal="With one neuron and no hidden layer, separate the two gauss clusters (test accuracy ≥ 0.95) by editing "
         "its weights only, no training.",
    hints=("The neuron's boundary is the line where w₁·x₁ + w₂·x₂ + b = 0.",
           "The clusters sit around (2, 2) and (−2, −2): the line should run from top-left to bottom-right.",
           "Weights 1 and 1 with bias 0 give the line x₂ = −x₁."),
    start={"network": {"features": XY, "layers": [
               {"activation": "sigmoid", "weights": [[0.5, -0.5]], "biases": [0.0]}]},
           "data": data_body(GAUSS), "settings": _settings(optimizer="sgd", learning_rate=0.1),
           "visible": ["weights", "inspector", "edge-mode"]},
    make_solution=lambda: {"network": {"features": XY, "layers": [
        {"activation": "sigmoid", "weights": [[1.0, 1.0]], "biases": [0.0]}]}},
    checker=_line, data=GAUSS,
)


# 3. relu-quiz ------------------------------------------------------------------------------------
def _relu(sub: Submission) -> Verdict:
    why = _one_neuron(sub.network, features=XY, activation="relu")
    if why:
        return Verdict(False, why)
    out = outputs(sub.network, [[2.0, 3.0]])
    if out is None:
        return Verdict(False, "the output overflows: use smaller weights")
    net = sub.network
    z = float(net.layers[0].weights[0] @ [2.0, 3.0] + net.layers[0].biases[0])
    a = float(out[0, 0])
    measured = {"x1": 2.0, "x2": 3.0, "z": z, "output": a, "target": 1.5, "tolerance": 0.005}
    if abs(a - 1.5) <= 0.005:
        return Verdict(True, f"z = {z:.3f}, relu(z) = {a:.3f}: exactly the lesson's answer.", measured)
    if z <= 0:
        return Verdict(False, f"z = {z:.3f} is negative, so relu outputs 0: raise a weight or the bias.", measured)
    return Verdict(False, f"The output is {a:.3f}, not 1.5: z = w₁·2 + w₂·3 + b; change the bias by {1.5 - a:+.3f}.",
                   measured)


RELU = Challenge(
    id="relu-quiz", title="The lesson's ReLU question", lesson="activations", order=3,
    goal="Set the weights and bias so the ReLU neuron outputs exactly 1.5 for the inputs (2, 3).",
    hints=("The probe sits at (2, 3): the inspector shows z = w₁·2 + w₂·3 + b.",
           "With weights 0.5 and 0.3, w₁·2 + w₂·3 = 1.9.",
           "A bias of −0.4 gives z = 1.5, and relu(1.5) = 1.5."),
    start={"network": {"features": XY, "layers": [{"activation": "relu", "weights": [[0.5, 0.3]], "biases": [0.0]}]},
           "data": data_body(GAUSS), "probe": [2.0, 3.0], "visible": ["weights", "inspector"]},
    make_solution=lambda: {"network": {"features": XY, "layers": [
        {"activation": "relu", "weights": [[0.5, 0.3]], "biases": [-0.4]}]}},
    checker=_relu,
)


# 4. weight-sensitivity -----------------------------------------------------------------------------
def _sensitivity(sub: Submission) -> Verdict:
    net = sub.network
    why = _one_neuron(net, features=["x1"], activation="sigmoid")
    if why:
        return Verdict(False, why)
    w, b = float(net.layers[0].weights[0, 0]), float(net.layers[0].biases[0])
    out = outputs(net, [[-0.5, 0.0], [0.5, 0.0]])
    if out is None:
        return Verdict(False, "the output overflows: use a smaller weight")
    lo, hi = float(out[0, 0]), float(out[1, 0])
    measured = {"weight": w, "bias": b, "output_at_minus_half": lo, "output_at_half": hi, "tolerance": 0.01}
    if b != 0:
        return Verdict(False, f"Keep the bias at 0 (it is {b:g}): only the weight may change.", measured)
    if abs(lo - 0.1) <= 0.01 and abs(hi - 0.9) <= 0.01:
        return Verdict(True, f"sigmoid(w·x) goes from {lo:.3f} to {hi:.3f} with w = {w:.3f}.", measured)
    if hi < 0.89:
        return Verdict(False, f"At x = 0.5 the output is {hi:.3f}: a larger weight makes the curve steeper.", measured)
    return Verdict(False, f"At x = 0.5 the output is {hi:.3f}: the curve is too steep, make the weight smaller.",
                   measured)


SENSITIVITY = Challenge(
    id="weight-sensitivity", title="How steep is a weight?", lesson="weights", order=4,
    goal="Make sigmoid(w·x) rise from 0.1 at x = −0.5 to 0.9 at x = 0.5 (within 0.01) with one weight and no bias.",
    hints=("sigmoid(z) = 0.9 when z = ln 9 ≈ 2.197.",
           "So w · 0.5 must be 2.197; by symmetry x = −0.5 then gives 0.1.",
           "w = 2 · ln 9 ≈ 4.39."),
    start={"network": {"features": ["x1"], "layers": [{"activation": "sigmoid", "weights": [[1.0]], "biases": [0.0]}]},
           "data": data_body(GAUSS), "probe": [0.5, 0.0], "visible": ["weights", "inspector"]},
    make_solution=lambda: {"network": {"features": ["x1"], "layers": [
        {"activation": "sigmoid", "weights": [[round(2 * math.log(9), 4)]], "biases": [0.0]}]}},
    checker=_sensitivity,
)


# 5. xor-by-hand -----------------------------------------------------------------------------------
XOR = datasets.Spec("xor", 200, 0.0, 0, 0.5)
XOR_HIDDEN = 4


def _xor(sub: Submission) -> Verdict:
    net = sub.network
    if list(net.features or []) != XY:
        return Verdict(False, "use the inputs x1 and x2 only (x1·x2 would solve it without a hidden layer)")
    sizes = [lyr.weights.shape[0] for lyr in net.layers]
    if len(sizes) != 2 or sizes[0] > XOR_HIDDEN:
        return Verdict(False, f"use one hidden layer of at most {XOR_HIDDEN} neurons (this network has layers {sizes})")
    return _accuracy_verdict(net, XOR, 0.95, "Test accuracy {acc:.3f}: xor, solved by hand.",
                             "Test accuracy {acc:.3f}. Same sign means |x₁ + x₂| > |x₁ − x₂|: build both sides "
                             "from relu neurons (the hints).")


def _xor_start() -> dict:
    net = init.build([2, XOR_HIDDEN, 1], ["relu", "sigmoid"], "xavier", 3, XY)
    return rounded(net, 2)


XOR_BY_HAND = Challenge(
    id="xor-by-hand", title="XOR by hand", lesson="network", order=5,
    goal=f"Solve xor (test accuracy ≥ 0.95) with one hidden layer of {XOR_HIDDEN} relu neurons and the inputs x1, x2, "
         "by editing weights only (two neurons cannot: each adds one monotone ridge).",
    hints=("Same sign of x₁ and x₂ means |x₁ + x₂| > |x₁ − x₂|.",
           "relu(z) + relu(−z) = |z|: hidden weights (1, 1) and (−1, −1) give |x₁ + x₂|, "
           "(1, −1) and (−1, 1) give |x₁ − x₂|.",
           "Hidden biases 0; output weights 2, 2, −2, −2 and output bias 0."),
    start={"network": _xor_start(), "data": data_body(XOR), "visible": ["weights", "inspector", "edge-mode"]},
    make_solution=lambda: {"network": {"features": XY, "layers": [
        {"activation": "relu", "weights": [[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]],
         "biases": [0.0, 0.0, 0.0, 0.0]},
        {"activation": "sigmoid", "weights": [[2.0, 2.0, -2.0, -2.0]], "biases": [0.0]}]}},
    checker=_xor, data=XOR,
)


# 6. circle-features ---------------------------------------------------------------------------------
CIRCLE = datasets.Spec("circle", 200, 0.0, 0, 0.5)


def _circle(sub: Submission) -> Verdict:
    why = _one_neuron(sub.network)
    if why:
        return Verdict(False, why)
    return _accuracy_verdict(sub.network, CIRCLE, 0.95,
                             "Test accuracy {acc:.3f}: with the right features, one neuron draws a circle.",
                             "Test accuracy {acc:.3f}. A line cannot enclose the disc: which features grow with "
                             "the distance from the centre?")


CIRCLE_FEATURES = Challenge(
    id="circle-features", title="A circle from one neuron", lesson="network", order=6,
    goal="Solve circle (test accuracy ≥ 0.95) with one neuron and no hidden layer, by choosing its input features "
         "(then train it, or set its weights).",
    hints=("The class depends on the distance from the centre, x₁² + x₂².",
           "Turn on the features x₁² and x₂² (and turn x₁, x₂ off), then train.",
           "By hand: weights −1, −1 on x₁², x₂² and bias 9 (the boundary x₁² + x₂² = 9)."),
    start={"network": {"features": XY, "layers": [
               {"activation": "sigmoid", "weights": [[0.3, -0.2]], "biases": [0.0]}]},
           "data": data_body(CIRCLE), "settings": _settings(optimizer="adam", learning_rate=0.03),
           "visible": ["features", "weights", "inspector", "train", "learning-rate", "speed"]},
    make_solution=lambda: {"network": {"features": ["x1^2", "x2^2"], "layers": [
        {"activation": "sigmoid", "weights": [[-1.0, -1.0]], "biases": [9.0]}]}},
    checker=_circle, data=CIRCLE,
)

BY_HAND = (TUMOUR, ONE_LINE, RELU, SENSITIVITY, XOR_BY_HAND, CIRCLE_FEATURES)
