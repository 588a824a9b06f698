"""The parts of one repainted page, answered with the metrics by ``/api/evaluate`` and
``/api/train`` (``app.api.compute.frame_parts`` puts them together, with the surface): the probe's
trace with the response curve and the inspected neuron's arithmetic, and the gradient of every
weight. One round trip per edit and per training frame, instead of one request per picture."""

from __future__ import annotations

import numpy as np

from app.api.errors import not_finite, unprocessable
from app.api.schemas import ProbeSpec
from app.nn import training
from app.nn.network import Network, param_views


def _finite(arrays, loc: list, what: str) -> None:
    if not all(np.all(np.isfinite(a)) for a in arrays):
        raise not_finite(loc, what)


def probe_answer(net: Network, spec: ProbeSpec) -> dict:
    check_probe(net, spec)
    px, py = spec.point
    lo, hi = spec.range
    xs = np.linspace(lo, hi, spec.points)
    rows = np.empty((spec.points + 1, 2))
    rows[0] = (px, py)
    rows[1:, spec.axis] = xs
    rows[1:, 1 - spec.axis] = py if spec.axis == 0 else px
    with np.errstate(all="ignore"):
        x, trace = net.trace(rows)
    _finite([v for pair in trace for v in pair], ["network"], "the network's values at the probe")
    answer = {
        "point": [px, py],
        "features": x[0].tolist() if net.features is not None else None,
        "layers": [{"z": [z[0].tolist()], "a": [a[0].tolist()]} for z, a in trace],
        "outputs": trace[-1][1][0].tolist(),
        "curve": {"axis": spec.axis, "x": xs.tolist(), "outputs": trace[-1][1][1:].tolist()},
        "neuron": None,
    }
    if spec.neuron is not None:
        answer["neuron"] = _arithmetic(net, spec, x[0], trace)
    return answer


def check_probe(net: Network, spec: ProbeSpec | None) -> None:
    """Refuse a probe this network cannot answer, before any work is done."""
    if spec is None:
        return
    if net.raw_inputs != 2:
        raise unprocessable(["probe"], f"the probe is a 2-D point; this network takes {net.raw_inputs} inputs")
    ref = spec.neuron
    if ref is None:
        return
    if ref.layer >= len(net.layers):
        raise unprocessable(["probe", "neuron", "layer"], f"is {ref.layer}; the network has {len(net.layers)} layers")
    layer = net.layers[ref.layer]
    if ref.index >= layer.weights.shape[0]:
        raise unprocessable(
            ["probe", "neuron", "index"], f"is {ref.index}; layer {ref.layer} has {layer.weights.shape[0]} neurons"
        )


def _arithmetic(net: Network, spec: ProbeSpec, x0: np.ndarray, trace) -> dict:
    ref = spec.neuron
    layer = net.layers[ref.layer]
    inputs = x0 if ref.layer == 0 else trace[ref.layer - 1][1][0]
    w = layer.weights[ref.index]
    b = float(layer.biases[ref.index])
    terms = w * inputs
    z = float(trace[ref.layer][0][0][ref.index])
    deriv = None
    if layer.activation != "softmax":
        with np.errstate(all="ignore"):
            deriv = float(layer.act.derivative(np.array([z]))[0])
        _finite([np.array([deriv])], ["probe", "neuron"], "the activation's derivative")
    return {
        "layer": ref.layer, "index": ref.index, "activation": layer.activation,
        "inputs": inputs.tolist(), "weights": w.tolist(), "bias": b, "terms": terms.tolist(), "z": z,
        "output": float(trace[ref.layer][1][0][ref.index]), "derivative": deriv,
    }


def gradients_part(net: Network, points: np.ndarray, labels: np.ndarray, task: str, loss: str) -> dict | None:
    """dL/dW on the training points (None without training points)."""
    if points is None or not len(points):
        return None
    y = training.encode_targets(labels, task, net.n_outputs, net.layers[-1].activation)
    with np.errstate(all="ignore"):
        value, grad = training.gradients(net, net.prepare(points), y, loss)
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        return None  # the picture still paints; the edges then show weights
    return {
        "loss": float(value), "loss_name": loss,
        "layers": [{"weights": w.tolist(), "biases": b.tolist()} for w, b in param_views(grad, net)],
    }
