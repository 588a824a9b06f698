"""Optimisers over the flat parameter vector: SGD, momentum, Adam.

State is a dict of flat arrays plus a step counter; it goes out and comes back in the API so
training continues across calls without a jump.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

NAMES = ("sgd", "momentum", "adam")
SLOTS = {"sgd": (), "momentum": ("velocity",), "adam": ("m", "v")}


@dataclass
class Optimizer:
    name: str = "sgd"
    learning_rate: float = 0.03
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    step_count: int = 0
    slots: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.name not in SLOTS:
            raise KeyError(f"unknown optimizer {self.name!r}; known: {', '.join(NAMES)}")

    def ensure_slots(self, size: int) -> None:
        for slot in SLOTS[self.name]:
            if slot not in self.slots:
                self.slots[slot] = np.zeros(size)
            elif self.slots[slot].shape != (size,):
                raise ValueError(f"optimizer_state.{slot} does not match the network's parameters")

    def step(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Update ``params`` in place from ``grad``."""
        self.step_count += 1
        lr = self.learning_rate
        if self.name == "sgd":
            params -= lr * grad
        elif self.name == "momentum":
            v = self.slots["velocity"]
            v *= self.momentum
            v += grad
            params -= lr * v
        else:
            m, v, t = self.slots["m"], self.slots["v"], self.step_count
            m *= self.beta1
            m += (1 - self.beta1) * grad
            v *= self.beta2
            v += (1 - self.beta2) * (grad * grad)
            step = lr * np.sqrt(1 - self.beta2**t) / (1 - self.beta1**t)
            params -= step * m / (np.sqrt(v) + self.eps)

    def snapshot(self) -> tuple[int, dict[str, np.ndarray]]:
        return self.step_count, {k: v.copy() for k, v in self.slots.items()}

    def restore(self, snap) -> None:
        self.step_count, slots = snap
        self.slots = {k: v.copy() for k, v in slots.items()}
