"""Training recipes: a network and settings that solve each classic dataset, seeded and repeatable.

They are the documented answers to "what does it take?" for each dataset, and the tests check
them (xor, circle and gauss reach ≥ 95 % test accuracy, spiral ≥ 90 %).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.nn import compiled, datasets, init, training
from app.nn.optimizers import Optimizer

ALL_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")


@dataclass(frozen=True)
class Recipe:
    dataset: str
    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    features: tuple[str, ...] = ("x1", "x2")
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int = 10
    epochs: int = 100
    noise: float = 0.0
    train_fraction: float = 0.5
    note: str = ""


RECIPES: dict[str, Recipe] = {
    "xor": Recipe("xor", (2, 8, 1), ("tanh", "sigmoid"), epochs=200,
                  note="one hidden layer of 8 tanh neurons carves the four quadrants"),
    "circle": Recipe("circle", (2, 4, 1), ("tanh", "sigmoid"), epochs=100,
                     note="four tanh neurons make a closed boundary around the disc"),
    "gauss": Recipe("gauss", (2, 1), ("sigmoid",), epochs=30,
                    note="linearly separable: one sigmoid neuron is enough"),
    "spiral": Recipe("spiral", (7, 12, 12, 1), ("tanh", "tanh", "sigmoid"), features=ALL_FEATURES,
                     learning_rate=0.02, epochs=400,
                     note="all seven features and two hidden layers of 12 tanh neurons"),
    "blobs3": Recipe("blobs3", (2, 8, 3), ("tanh", "softmax"), epochs=50,
                     note="softmax over three outputs with cross-entropy"),
    "spiral3": Recipe("spiral3", (7, 16, 16, 3), ("tanh", "tanh", "softmax"), features=ALL_FEATURES,
                      learning_rate=0.01, epochs=400,
                      note="three arms: all features, two hidden layers, softmax"),
}


def run(name: str, seed: int = 0) -> training.TrainResult:
    """Train the recipe's network on its dataset (the compiled path, as the API); the same seed, the same result."""
    r = RECIPES[name]
    data = datasets.generate(r.dataset, noise=r.noise, seed=seed)
    (trx, trl), (tex, tel) = data.split(r.train_fraction, seed)
    net = init.build(list(r.layer_sizes), list(r.activations), "xavier", seed, list(r.features))
    cfg = training.TrainConfig(task=data.info.task, batch_size=r.batch_size, epochs=r.epochs, seed=seed)
    return compiled.train(net, Optimizer(r.optimizer, r.learning_rate), trx, trl, tex, tel, cfg)
