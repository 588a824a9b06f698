"""Activations, one neuron, softmax: the lesson's building blocks."""

from __future__ import annotations

from typing import Annotated

import numpy as np
from fastapi import APIRouter, HTTPException, Path, Query

from app.api.errors import unprocessable
from app.api.fastroute import JSONBodyRoute
from app.api.schemas import (
    ActivationInfo,
    ActivationList,
    ActivationName,
    Curve,
    NeuronIn,
    NeuronOut,
    SoftmaxIn,
    SoftmaxOut,
)
from app.nn import activations

router = APIRouter(tags=["activations"], route_class=JSONBodyRoute)


@router.get("/activations", response_model=ActivationList, summary="Every activation, with its facts")
def list_activations() -> dict:
    return {
        "activations": [
            ActivationInfo(
                name=a.name, formula=a.formula, range=a.range, use=a.use,
                derivative=a.derivative_formula, output_only=a.output_only,
            )
            for a in activations.ACTIVATIONS.values()
        ]
    }


@router.get("/activations/{name}", response_model=Curve, summary="An activation's curve and derivative")
def activation_curve(
    name: Annotated[ActivationName, Path(description="activation name")],
    start: Annotated[float, Query(ge=-1000, le=1000, allow_inf_nan=False)] = -5.0,
    stop: Annotated[float, Query(ge=-1000, le=1000, allow_inf_nan=False)] = 5.0,
    num: Annotated[int, Query(ge=2, le=2001)] = 201,
) -> dict:
    """`y = f(x)` and `dy = f'(x)` at `num` points from `start` to `stop`.
    For softmax, the curve is the first component of `softmax([x, 0])`."""
    if not start < stop:
        raise HTTPException(422, [{"loc": ["query", "stop"], "type": "value_error",
                                   "msg": f"stop ({stop}) must be greater than start ({start})"}])
    x = np.linspace(start, stop, num)
    act = activations.get(name)
    if name == "softmax":
        a = activations.softmax(np.c_[x, np.zeros_like(x)])[:, 0]
        y, dy = a, a * (1 - a)
    else:
        y, dy = act.f(x), act.derivative(x)
    return {"name": name, "x": x.tolist(), "y": y.tolist(), "dy": dy.tolist()}


@router.post("/neuron", response_model=NeuronOut, summary="One neuron: a = f(w·x + b), with its arithmetic")
def neuron(body: NeuronIn) -> dict:
    x = np.array(body.inputs)
    w = np.array(body.weights)
    terms = w * x
    z = float(np.sum(terms) + body.bias)
    act = activations.get(body.activation)
    out, d = float(act.f(np.array(z))), float(act.derivative(np.array(z)))
    if not np.all(np.isfinite([z, out, d])):
        raise unprocessable(["weights"], "the weighted sum overflows; use smaller values")
    return {"activation": body.activation, "terms": terms.tolist(), "z": z, "output": out, "derivative": d}


@router.post("/softmax", response_model=SoftmaxOut, summary="Softmax of a vector of logits")
def softmax(body: SoftmaxIn) -> dict:
    return {"probabilities": activations.softmax(np.array(body.logits)).tolist()}
