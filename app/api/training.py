"""Training: one call trains some epochs and may return the new surface (one round trip a frame)."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request

from app.api import compute, lane
from app.api.errors import unprocessable
from app.api.fastroute import JSONBodyRoute
from app.api.frame import check_probe
from app.api.network import check_surface_size
from app.api.schemas import EvaluateIn, EvaluateOut, FrameParts, TrainIn, TrainOut, check_rows
from app.config import MAX_ABS
from app.nn import datasets, losses, training
from app.nn.network import param_views
from app.nn.optimizers import SLOTS, Optimizer

router = APIRouter(tags=["training"], route_class=JSONBodyRoute)


def _load_data(body: TrainIn | EvaluateIn):
    d = body.data
    if d.dataset is not None:
        spec = d.dataset
        data, (trx, trl), (tex, tel) = datasets.load(
            datasets.Spec(spec.name, spec.n, spec.noise, spec.seed, spec.train_fraction))
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
            for part, view, given in (("weights", w, lyr.weights), ("biases", b, lyr.biases)):
                try:
                    values = np.array(given, dtype=float)
                except ValueError:  # ragged rows
                    values = None
                if values is None or values.shape != view.shape:  # never broadcast a wrong shape
                    got = "ragged rows" if values is None else f"shape {list(values.shape)}"
                    raise unprocessable(
                        ["optimizer_state", "slots", slot, i, part],
                        f"layer {i}'s {part} slot has {got}; the network's layer {i} needs {list(view.shape)}",
                    )
                view[...] = values
        opt.slots[slot] = flat
    return opt


def _prepare(body: TrainIn | EvaluateIn, settings):
    """Validate everything but the optimiser before any work: the data against the network, the
    loss against the output activation, the labels against the task, the frame's sizes."""
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
    if body.surface is not None and net.raw_inputs == 2:
        check_surface_size(net, body.surface, settings)  # refuse before training, not after
    check_probe(net, body.probe)
    return net, (trx, trl, tex, tel), task, loss


@router.post("/train", response_model=TrainOut, summary="Train some epochs, and answer the frame of the result")
async def train(body: TrainIn, request: Request):
    """Minibatch training with a seeded shuffle. Pass back `optimizer_state` and `epoch` from the
    previous answer to continue exactly where it stopped (two calls of one epoch = one call of two).
    A diverging run stops, returns the last network inside the allowed range and says so in
    `status`; a call that exceeds the server's compute budget (`TRAIN_BUDGET_SECONDS`) stops early
    with `status: "budget_exceeded"`. The answer carries the frame's parts asked for (`surface`,
    `probe`, `gradients`, as `/api/evaluate`) for the trained network: one round trip a frame."""
    settings = request.app.state.settings
    net, data, task, loss = _prepare(body, settings)
    opt = _optimizer(body, net.params.size, net)
    cfg = training.TrainConfig(
        task=task, loss=loss, batch_size=body.batch_size, epochs=body.epochs, seed=body.seed,
        start_epoch=body.epoch, regularization=body.regularization.kind, reg_rate=body.regularization.rate,
        budget_seconds=settings.train_budget_seconds, max_abs=MAX_ABS,
    )
    surface = body.surface if body.surface is not None and net.raw_inputs == 2 else None
    trx, _, tex, _ = data
    cost = lane.estimate_train_ms(net, len(trx), 0 if tex is None else len(tex), body.epochs, body.batch_size,
                                  surface) + _frame_ms(net, body, len(trx))
    return await lane.lane_of(request).run(cost, compute.train_answer, net, opt, data, cfg, _parts(body),
                                           model=TrainOut)


@router.post("/evaluate", response_model=EvaluateOut, summary="Everything the page repaints after an edit")
async def evaluate(body: EvaluateIn, request: Request):
    """One frame for a network as it is, in one round trip: loss and accuracy / R² on the page's
    data (test data when there is some), the confusion matrix, and what is asked for of: the
    surface with every neuron's grid, the probe's trace with the response curve and one neuron's
    arithmetic, the gradient of every weight on the training points. `/api/train` answers the same
    parts for the trained network."""
    settings = request.app.state.settings
    net, data, task, loss = _prepare(body, settings)
    cfg = training.TrainConfig(task=task, loss=loss, batch_size=1, epochs=0)
    surface = body.surface if body.surface is not None and net.raw_inputs == 2 else None
    trx, _, tex, _ = data
    cost = lane.estimate_train_ms(net, len(trx), 0 if tex is None else len(tex), 0, 1, surface) + _frame_ms(
        net, body, len(trx))
    return await lane.lane_of(request).run(cost, compute.evaluate_answer, net, data, cfg, _parts(body),
                                           model=EvaluateOut)


def _parts(body: TrainIn | EvaluateIn) -> FrameParts:
    """The frame's parts alone (a small picklable object for the heavy lane)."""
    return FrameParts(surface=body.surface, probe=body.probe, gradients=body.gradients)


def _frame_ms(net, body: TrainIn | EvaluateIn, n_train: int) -> float:
    """The probe's and the gradients' share of a frame's work (the surface is in the training estimate)."""
    ms = 0.0
    if body.probe is not None:
        ms += lane.estimate_forward_ms(net, body.probe.points + 1)
    if body.gradients:
        ms += lane.estimate_forward_ms(net, n_train, backward=True)
    return ms
