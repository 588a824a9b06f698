"""Regenerate the built-in presets of this folder through the engine: ``python app/presets/make_builtin.py``.

The starters are seeded fresh networks; ``xor-solved`` is trained here until it classifies
every xor point, and its weights are rounded to 4 decimals and checked again after rounding.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.nn import datasets, init  # noqa: E402
from app.nn.network import Network  # noqa: E402
from app.nn.optimizers import Optimizer  # noqa: E402
from app.nn.training import TrainConfig, accuracy, train  # noqa: E402

HERE = Path(__file__).resolve().parent


def as_json(net: Network) -> dict:
    return {
        "features": list(net.features) if net.features is not None else None,
        "layers": [
            {
                "activation": lyr.activation,
                "weights": [[round(float(w), 4) for w in row] for row in lyr.weights],
                "biases": [round(float(b), 4) for b in lyr.biases],
            }
            for lyr in net.layers
        ],
    }


def solved_xor() -> dict:
    data = datasets.generate("xor", 500, 0, 0)
    for seed in range(20):
        net = init.build([2, 4, 1], ["tanh", "sigmoid"], "xavier", seed, ["x1", "x2"])
        result = train(net, Optimizer("adam", 0.03), data.points, data.labels, None, None,
                       TrainConfig(epochs=200, batch_size=10, seed=seed))
        rounded = as_json(result.network)
        check = Network.from_arrays([(l["weights"], l["biases"], l["activation"]) for l in rounded["layers"]],
                                    rounded["features"])
        acc = accuracy(check.forward(data.points), data.labels, "sigmoid")
        if acc == 1.0:
            return rounded
    raise SystemExit("no seed solved xor")


def fresh(sizes, acts, seed, features) -> dict:
    return as_json(init.build(sizes, acts, "xavier", seed, features))


PRESETS = [
    {
        "name": "tumour-neuron",
        "title": "The tumour neuron",
        "description": "The lesson's single neuron: cell size, cell shape and clump thickness, weights "
        "0.5, 0.3, 0.2, bias -0.4 and a sigmoid. For the input (0.8, 0.7, 0.9) it computes z = 0.39 and "
        "a probability of malignancy of 0.5963.",
        "network": {"features": None, "layers": [
            {"activation": "sigmoid", "weights": [[0.5, 0.3, 0.2]], "biases": [-0.4]}]},
        "dataset": {"name": "tumour", "n": 200, "noise": 0, "seed": 0, "train_fraction": 0.5},
        "settings": {"task": "classification", "loss": "bce", "optimizer": "sgd", "learning_rate": 0.1,
                     "batch_size": 10},
    },
    {
        "name": "one-neuron",
        "title": "One neuron on the plane",
        "description": "The lesson's neuron with two inputs instead of three: a = sigmoid(w1·x1 + w2·x2 + b). "
        "Its boundary, where z = 0, is a straight line; the weights tilt it and the bias shifts it. Two "
        "gaussian clouds are one line apart: press play and watch one neuron learn them.",
        "network": {"features": ["x1", "x2"], "layers": [
            {"activation": "sigmoid", "weights": [[0.5, 0.3]], "biases": [-0.4]}]},
        "dataset": {"name": "gauss", "n": 500, "noise": 0, "seed": 0, "train_fraction": 0.5},
        "settings": {"task": "classification", "loss": "bce", "optimizer": "sgd", "learning_rate": 0.1,
                     "batch_size": 10},
    },
    {
        "name": "xor-solved",
        "title": "XOR, solved",
        "description": "A 2-4-1 network (tanh hidden layer, sigmoid output) already trained on xor: one "
        "straight line cannot split the four quadrants, four tanh neurons can. Edit a weight and watch "
        "the solution break.",
        "network": None,  # filled by solved_xor()
        "dataset": {"name": "xor", "n": 500, "noise": 0, "seed": 0, "train_fraction": 0.5},
        "settings": {"task": "classification", "loss": "bce", "optimizer": "adam", "learning_rate": 0.03,
                     "batch_size": 10},
    },
    {
        "name": "spiral-starter",
        "title": "Spiral starter",
        "description": "The hard one: two interleaved spirals. A fresh network with sin features and two "
        "hidden layers of 8 tanh neurons; press play and watch it find the arms.",
        "network": fresh([4, 8, 8, 1], ["tanh", "tanh", "sigmoid"], 0, ["x1", "x2", "sin(x1)", "sin(x2)"]),
        "dataset": {"name": "spiral", "n": 500, "noise": 0, "seed": 0, "train_fraction": 0.5},
        "settings": {"task": "classification", "loss": "bce", "optimizer": "adam", "learning_rate": 0.03,
                     "batch_size": 10},
    },
    {
        "name": "three-class-blobs",
        "title": "Three classes: softmax",
        "description": "Three gaussian blobs, one class each. The output layer has three softmax neurons "
        "whose outputs add up to 1, trained with cross-entropy.",
        "network": fresh([2, 4, 3], ["tanh", "softmax"], 0, ["x1", "x2"]),
        "dataset": {"name": "blobs3", "n": 500, "noise": 0, "seed": 0, "train_fraction": 0.5},
        "settings": {"task": "classification", "loss": "cross_entropy", "optimizer": "adam",
                     "learning_rate": 0.03, "batch_size": 10},
    },
]


def main() -> None:
    np.set_printoptions(precision=4)
    for preset in PRESETS:
        if preset["network"] is None:
            preset["network"] = solved_xor()
        text = json.dumps(preset, indent=2)
        # one line per list of numbers or names: readable weight matrices
        text = re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]",
                      text)
        (HERE / f"{preset['name']}.json").write_text(text + "\n", encoding="utf-8")
        print("wrote", preset["name"])


if __name__ == "__main__":
    main()
