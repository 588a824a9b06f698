"""Networks: create, forward pass with a full trace, decision surface, gradients.

The routers validate, estimate the work from the validated request, and hand a picklable engine
call (``app.api.compute``) to the heavy lane (``app.api.lane``), which runs it on the event loop,
in the thread pool or in a low-priority process."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request

from app.api import compute, lane
from app.api.errors import unprocessable
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
from app.nn import init, losses, training
from app.nn.network import Network

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
async def forward(body: ForwardIn, request: Request):
    net = body.network.net
    cost = lane.estimate_forward_ms(net, len(body.inputs))
    return await lane.lane_of(request).run(cost, compute.forward_answer, net, body.inputs, body.trace, model=ForwardOut)


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


def check_surface_input(net: Network) -> None:
    if net.raw_inputs != 2:
        raise unprocessable(
            ["network", "layers", 0, "weights"],
            f"a surface needs a network over 2-D points (features, or 2 inputs); this one takes {net.raw_inputs}",
        )


@router.post("/surface", response_model=SurfaceOut, summary="Output and every neuron over a 2-D grid")
async def surface_endpoint(body: SurfaceIn, request: Request):
    """The network's outputs over a `resolution`² grid of the plane and, with `neurons`, every
    input feature's and neuron's output over a `neuron_resolution`² grid, in one call.

    Grids are compact: `{shape, min, max, encoding, data}`, base64 float32 or uint8
    (value = min + (max − min)·byte/255), or JSON lists. Row r is `y[r]`, column c is `x[c]`.
    float32 and uint8 grids are for display, computed in float32; json grids are exact float64."""
    net = body.network.net
    check_surface_input(net)
    check_surface_size(net, body, request.app.state.settings)
    cost = lane.estimate_surface_ms(net, body)
    return await lane.lane_of(request).run(cost, compute.surface_answer, net, body, model=SurfaceOut)


@router.post("/gradients", response_model=GradientsOut, summary="Loss and its gradient for every weight")
async def gradients(body: GradientsIn, request: Request):
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
    cost = lane.estimate_forward_ms(net, len(body.inputs), backward=True)
    return await lane.lane_of(request).run(cost, compute.gradients_answer, net, body.inputs, y, loss,
                                           model=GradientsOut)
