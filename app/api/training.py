"""Training: one call trains some epochs and may return the new surface (one round trip a frame)."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request

from app.api import compute, lane
from app.api.errors import unprocessable
from app.api.fastroute import JSONBodyRoute
from app.api.network import check_surface_size
from app.api.schemas import TrainIn, TrainOut, check_rows
from app.nn import datasets, losses, training
from app.nn.network import param_views
from app.nn.optimizers import SLOTS, Optimizer

router = APIRouter(tags=["training"], route_class=JSONBodyRoute)


def _load_data(body: TrainIn):
    d = body.data
    if d.dataset is not None:
        spec = d.dataset
        data = datasets.generate(spec.name, spec.n, spec.noise, spec.seed)
        (trx, trl), (tex, tel) = data.split(spec.train_fraction, spec.seed)
        return trx, trl, tex, tel, data.info.task, ["data", "dataset"]
    trx, trl = np.array(d.train.points), np.array(d.train.labels)
    tex = tel = None
    if d.test is not None:
        tex, tel = np.array(d.test.points), np.array(d.test.labels)
    task = "regression" if body.network.net.layers[-1].activation == "linear" else "classification"
    return trx, trl, tex, tel, task, ["data", "train"]


def _optimizer(body: TrainIn, size: int, net) -> Optimizer:
    spec = body.optimizer
    opt = Optimizer(spec.name, spec.learning_rate, spec.momentum, spec.beta1, spec.beta2)
    state = body.optimizer_state
    if state is None:
        return opt
    if state.name != spec.name:
        raise unprocessable(
            ["optimizer_state", "name"],
            f"state is for {state.name!r} but the optimizer is {spec.name!r}; drop the state to start afresh",
        )
    want = SLOTS[spec.name]
    if set(state.slots) != set(want):
        raise unprocessable(["optimizer_state", "slots"], f"{spec.name} needs slots {list(want)}")
    opt.step_count = state.step
    for slot, layers in state.slots.items():
        if len(layers) != len(net.layers):
            raise unprocessable(["optimizer_state", "slots", slot], "has a different number of layers than the network")
        flat = np.empty(size)
        for i, ((w, b), lyr) in enumerate(zip(param_views(flat, net), layers, strict=True)):
            try:
                w[...] = np.array(lyr.weights, dtype=float)
                b[...] = np.array(lyr.biases, dtype=float)
            except ValueError:
                raise unprocessable(
                    ["optimizer_state", "slots", slot, i], f"layer {i}'s shape does not match the network"
                ) from None
        opt.slots[slot] = flat
    return opt


@router.post("/train", response_model=TrainOut, summary="Train some epochs (optionally with the new surface)")
async def train(body: TrainIn, request: Request):
    """Minibatch training with a seeded shuffle. Pass back `optimizer_state` and `epoch` from the
    previous answer to continue exactly where it stopped (two calls of one epoch = one call of two).
    A diverging run stops, returns the last finite network and says so in `status`; a call that
    exceeds the server's compute budget (`TRAIN_BUDGET_SECONDS`) stops early with
    `status: "budget_exceeded"` and the network of the last whole epoch."""
    net = body.network.net
    trx, trl, tex, tel, task, data_loc = _load_data(body)
    task = body.task or task
    for what, rows in (("train", trx), ("test", tex)):
        if rows is not None and len(rows):
            try:
                check_rows(rows, net, f"{what} points")
            except ValueError as exc:
                raise unprocessable(data_loc, str(exc)) from None
    out_act = net.layers[-1].activation
    loss = body.loss or losses.default_for(out_act, task)
    try:
        losses.check(loss, out_act)
    except ValueError as exc:
        raise unprocessable(["loss"], str(exc)) from None
    for labels in (trl, tel):
        if labels is not None:
            try:
                training.encode_targets(labels, task, net.n_outputs, out_act)
            except ValueError as exc:
                raise unprocessable([*data_loc[:1], "labels"], str(exc)) from None
    surface = body.surface if body.surface is not None and net.raw_inputs == 2 else None
    if surface is not None:
        check_surface_size(net, surface)  # refuse before training, not after
    opt = _optimizer(body, net.params.size, net)
    settings = request.app.state.settings
    cfg = training.TrainConfig(
        task=task, loss=loss, batch_size=body.batch_size, epochs=body.epochs, seed=body.seed,
        start_epoch=body.epoch, regularization=body.regularization.kind, reg_rate=body.regularization.rate,
        budget_seconds=settings.train_budget_seconds,
    )
    cost = lane.estimate_train_ms(net, len(trx), 0 if tex is None else len(tex), body.epochs, body.batch_size,
                                  surface)
    return await lane.lane_of(request).run(cost, compute.train_answer, net, opt, (trx, trl, tex, tel), cfg,
                                           body.surface, model=TrainOut)
