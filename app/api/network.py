"""Networks: create, forward pass with a full trace, decision surface, gradients."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request

from app.api.encoding import grids
from app.api.errors import not_finite, unprocessable
from app.api.fastroute import JSONBodyRoute
from app.api.schemas import (
    ForwardIn,
    ForwardOut,
    GradientsIn,
    GradientsOut,
    NetworkOut,
    NetworkSpec,
    SurfaceIn,
    SurfaceOut,
    SurfaceSpec,
)
from app.config import Settings
from app.nn import init, losses, surface, training
from app.nn.network import Network, param_views

router = APIRouter(tags=["network"], route_class=JSONBodyRoute)


@router.post("/networks", response_model=NetworkOut, summary="A fresh, seeded network")
def create_network(body: NetworkSpec) -> dict:
    acts = body.activation_list()
    if len(acts) != len(body.layer_sizes) - 1:
        raise unprocessable(
            ["activations"], f"need {len(body.layer_sizes) - 1} activations (one per layer), got {len(acts)}"
        )
    if "softmax" in acts[:-1]:
        raise unprocessable(["activations"], "softmax is only allowed on the output layer")
    if body.features is not None and body.layer_sizes[0] != len(body.features):
        raise unprocessable(
            ["layer_sizes", 0], f"is {body.layer_sizes[0]} but there are {len(body.features)} features"
        )
    if body.features is not None and len(set(body.features)) != len(body.features):
        raise unprocessable(["features"], "features must not repeat")
    net = init.build(body.layer_sizes, acts, body.init, body.seed, body.features)
    return net.to_dict()


@router.post("/forward", response_model=ForwardOut, summary="Forward pass with every layer's z and a")
async def forward(body: ForwardIn) -> dict:
    net = body.network.net
    with np.errstate(all="ignore"):
        x, trace = net.trace(np.array(body.inputs))
    if not np.isfinite(np.concatenate([v.ravel() for pair in trace for v in pair])).all():
        i = next(i for i, (z, a) in enumerate(trace) if not (np.isfinite(z).all() and np.isfinite(a).all()))
        raise not_finite(["network", "layers", i], f"layer {i}'s values")
    return {
        "outputs": trace[-1][1].tolist(),
        "features": x.tolist() if net.features is not None else None,
        "layers": [{"z": z.tolist(), "a": a.tolist()} for z, a in trace] if body.trace else [],
    }


def check_surface_size(net: Network, spec: SurfaceSpec, settings: Settings) -> None:
    """Refuse a surface whose answer would be too large (it is a JSON body sent to a browser)."""
    limit = settings.max_surface_cells // (4 if spec.encoding == "json" else 1)
    cells = spec.resolution**2 * net.n_outputs
    grids = net.n_inputs + sum(lyr.weights.shape[0] for lyr in net.layers)
    if spec.neurons:
        cells += spec.neuron_resolution**2 * grids
    if cells > limit:
        field = "neuron_resolution" if spec.neurons else "resolution"
        raise unprocessable(
            [field],
            f"the answer would hold {cells:,} grid cells, over the limit of {limit:,} (MAX_SURFACE_CELLS"
            f"{', a quarter for json' if spec.encoding == 'json' else ''}); lower {field} or the network's size",
        )


def surface_answer(net: Network, spec: SurfaceSpec, settings: Settings) -> dict:
    """The /api/surface answer for a network (also used by /api/train)."""
    if net.raw_inputs != 2:
        raise unprocessable(
            ["network", "layers", 0, "weights"],
            f"a surface needs a network over 2-D points (features, or 2 inputs); this one takes {net.raw_inputs}",
        )
    check_surface_size(net, spec, settings)
    # float32 / uint8 grids are for display (computed in float32); json is the programmer's exact float64
    dtype = np.float64 if spec.encoding == "json" else np.float32
    s = surface.compute(net, spec.x_range, spec.y_range, spec.resolution, spec.neurons, spec.neuron_resolution, dtype)
    if not np.all(np.isfinite(s.outputs)):
        raise not_finite(["network"], "the outputs")
    enc = spec.encoding
    answer = {
        "x": s.x.tolist(),
        "y": s.y.tolist(),
        "outputs": grids([s.outputs[:, :, k] for k in range(s.outputs.shape[2])], enc),
        "features": None,
        "neurons": None,
    }
    if s.neurons is not None:
        for i, layer in enumerate(s.neurons):
            if not np.isfinite(np.stack(layer)).all():
                raise not_finite(["network", "layers", i], f"layer {i}'s values")
        answer["features"] = grids(s.features, enc)
        flat = grids([g for layer in s.neurons for g in layer], enc)
        answer["neurons"], at = [], 0
        for layer in s.neurons:
            answer["neurons"].append(flat[at : at + len(layer)])
            at += len(layer)
    return answer


@router.post("/surface", response_model=SurfaceOut, summary="Output and every neuron over a 2-D grid")
def surface_endpoint(body: SurfaceIn, request: Request) -> dict:
    """The network's outputs over a `resolution`² grid of the plane and, with `neurons`, every
    input feature's and neuron's output over a `neuron_resolution`² grid, in one call.

    Grids are compact: `{shape, min, max, encoding, data}`, base64 float32 or uint8
    (value = min + (max − min)·byte/255), or JSON lists. Row r is `y[r]`, column c is `x[c]`."""
    return surface_answer(body.network.net, body, request.app.state.settings)


@router.post("/gradients", response_model=GradientsOut, summary="Loss and its gradient for every weight")
def gradients(body: GradientsIn) -> dict:
    """Backpropagation on the given rows: dL/dW and dL/db of every layer (mean loss over rows)."""
    net = body.network.net
    out_act = net.layers[-1].activation
    loss = body.loss or losses.default_for(out_act, body.task)
    try:
        losses.check(loss, out_act)
    except ValueError as exc:
        raise unprocessable(["loss"], str(exc)) from None
    try:
        y = training.encode_targets(np.array(body.labels), body.task, net.n_outputs, out_act)
    except ValueError as exc:
        raise unprocessable(["labels"], str(exc)) from None
    with np.errstate(all="ignore"):
        value, grad = training.gradients(net, net.prepare(np.array(body.inputs)), y, loss)
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        raise not_finite(["network"], "the loss or its gradient")
    return {
        "loss": value,
        "loss_name": loss,
        "layers": [{"weights": w.tolist(), "biases": b.tolist()} for w, b in param_views(grad, net)],
    }
