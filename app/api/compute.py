"""The engine calls of the API, as plain functions of validated engine objects.

Routers validate, then hand one of these to the heavy lane (``app.api.lane``), which runs it on
the event loop, in the thread pool or in a child process: so every argument and result pickles,
and nothing here reads the request. Errors found while computing (an overflow) are 4xx
``HTTPException``s, which the lane carries back from a child.
"""

from __future__ import annotations

import numpy as np

from app.api import frame
from app.api.encoding import grids
from app.api.errors import not_finite
from app.nn import compiled, surface, training
from app.nn.network import Network, param_views
from app.nn.optimizers import Optimizer


def surface_answer(net: Network, spec) -> dict:
    """The /api/surface answer (also a frame's ``surface``) of a network over 2-D points; the router
    has checked the network's inputs and the answer's size. float32 / uint8 grids are for display
    (computed in float32); json is the programmer's exact float64."""
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


def forward_answer(net: Network, inputs: list, with_trace: bool) -> dict:
    with np.errstate(all="ignore"):
        x, trace = net.trace(np.array(inputs))
    if not np.isfinite(np.concatenate([v.ravel() for pair in trace for v in pair])).all():
        i = next(i for i, (z, a) in enumerate(trace) if not (np.isfinite(z).all() and np.isfinite(a).all()))
        raise not_finite(["network", "layers", i], f"layer {i}'s values")
    return {
        "outputs": trace[-1][1].tolist(),
        "features": x.tolist() if net.features is not None else None,
        "layers": [{"z": z.tolist(), "a": a.tolist()} for z, a in trace] if with_trace else [],
    }


def gradients_answer(net: Network, inputs: list, y: np.ndarray, loss: str) -> dict:
    with np.errstate(all="ignore"):
        value, grad = training.gradients(net, net.prepare(np.array(inputs)), y, loss)
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        raise not_finite(["network"], "the loss or its gradient")
    return {
        "loss": value,
        "loss_name": loss,
        "layers": [{"weights": w.tolist(), "biases": b.tolist()} for w, b in param_views(grad, net)],
    }


def frame_parts(net: Network, parts, points, labels, task: str, loss: str) -> dict:
    """The asked-for parts of a frame for ``net`` (``parts``: a validated ``FrameParts``)."""
    out: dict = {"surface": None, "probe": None, "gradients": None}
    if parts.probe is not None:
        out["probe"] = frame.probe_answer(net, parts.probe)
    if parts.surface is not None and net.raw_inputs == 2:
        out["surface"] = surface_answer(net, parts.surface)
    if parts.gradients:
        out["gradients"] = frame.gradients_part(net, points, labels, task, loss)
    return out


def train_answer(net: Network, opt: Optimizer, data: tuple, cfg: training.TrainConfig, parts) -> dict:
    """Train (the one engine call, compiled: ``app.nn.compiled.train``; ``cfg.budget_seconds``
    counts from here, where the computing starts), then shape the answer with the frame's parts."""
    result = compiled.train(net, opt, *data, cfg)
    trained = result.network
    views = {k: param_views(v, trained) for k, v in result.optimizer.slots.items()}
    answer = {
        "network": trained.to_dict(),
        "optimizer_state": {
            "name": result.optimizer.name,
            "step": result.optimizer.step_count,
            "slots": {k: [{"weights": w.tolist(), "biases": b.tolist()} for w, b in v] for k, v in views.items()},
        },
        "epoch": result.epoch,
        "status": result.status,
        "message": result.message,
        "task": cfg.task,
        "loss": cfg.loss,
        "history": result.history,
        "metrics": result.metrics,
        "confusion_matrix": result.confusion_matrix,
    }
    if parts.surface is not None and trained.raw_inputs != 2:
        answer["message"] += f"; no surface: the network takes {trained.raw_inputs} inputs, not 2-D points"
    answer.update(frame_parts(trained, parts, data[0], data[1], cfg.task, cfg.loss))
    return answer


def evaluate_answer(net: Network, data: tuple, cfg: training.TrainConfig, parts) -> dict:
    """One frame of the network as it is: metrics and confusion matrix (0 epochs), and its parts."""
    result = compiled.train(net, Optimizer("sgd", 0.0), *data, cfg)
    return {
        "task": cfg.task, "loss": cfg.loss, "metrics": result.metrics, "confusion_matrix": result.confusion_matrix,
        **frame_parts(net, parts, data[0], data[1], cfg.task, cfg.loss),
    }
