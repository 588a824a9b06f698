"""Export a network as a standalone Python script that needs only numpy.

The script carries the weights as literals and the very same activation and feature code as
the engine (copied from its source), and the same operations in the same order, so:

The exact promise: for the same batch of input rows (the same rows in the same order, in one
call), the script's ``forward(X)`` and its command line (arguments = one row; standard input =
all its lines as one batch) give bit-for-bit the engine's outputs for that batch (``/api/forward``
with those rows). One row inside batches of different sizes may differ in its last digit or two
(relative ~1e-16), in the engine as well: numpy's matrix product (BLAS) sums in an order that
depends on the batch's shape. A batch-independent product (einsum, or a loop over the inputs) was
measured 5-8x slower, too slow for the engine's surfaces and training, so the promise is per batch.
"""

from __future__ import annotations

import inspect
import json

from app import __version__
from app.nn import activations
from app.nn import features as feats
from app.nn.network import Network

_HELPERS = {
    "sigmoid": [activations.sigmoid],
    "tanh": [activations.tanh],
    "relu": [activations.relu],
    "leaky_relu": [activations.leaky_relu],
    "elu": [activations.elu],
    "gelu": [activations.gelu],
    "softplus": [activations.softplus],
    "swish": [activations.sigmoid, activations.swish],
    "linear": [activations.linear],
    "softmax": [activations.softmax],
}


def to_script(net: Network) -> str:
    used = []
    for lyr in net.layers:
        for fn in _HELPERS[lyr.activation]:
            if fn not in used:
                used.append(fn)
    funcs = "\n\n".join(inspect.getsource(fn).rstrip() for fn in used)
    layers_literal = json.dumps(net.to_dict()["layers"], indent=1)
    n_in = net.raw_inputs
    if net.features is not None:
        feature_lines = ["    x1, x2 = X[:, 0], X[:, 1]", "    X = np.stack(["]
        feature_lines += [f"        {feats.EXPRESSIONS[f]} * np.ones_like(x1),  # {f}" for f in net.features]
        feature_lines += ["    ], axis=1)"]
        feature_code = "\n".join(feature_lines)
    else:
        feature_code = "    pass  # inputs feed the first layer as they are"
    return f'''#!/usr/bin/env python3
"""A neural network exported from Neuron Playground {__version__}.

Needs only numpy.  Usage:
    python network.py {" ".join(f"X{i + 1}" for i in range(n_in))}       # prints the outputs for one input row
    python network.py < rows.csv    # one comma-separated input row per line, computed as one batch
or import it and call forward(X) with an array of shape (n, {n_in}).
Exact: for the same batch of rows (the same rows, in the same order, in one call) the outputs are
bit for bit the playground engine's (POST /api/forward with those rows). The same row inside a
batch of another size may differ in its last digit or two (numpy's matrix product sums in an
order that depends on the batch's shape): pass the rows in one go to reproduce a batch exactly.
Features: {", ".join(net.features) if net.features else "none (raw inputs)"}.
"""

import sys

import numpy as np

LEAKY_SLOPE = {activations.LEAKY_SLOPE!r}
GELU_C = {activations.GELU_C!r}
FEATURES = {list(net.features) if net.features else None!r}
LAYERS = {layers_literal}


{funcs}


ACTIVATIONS = {{{", ".join(f'"{fn.__name__}": {fn.__name__}' for fn in used)}}}


def features(X):
    """Map raw input rows to what the first layer sees."""
{feature_code}
    return X


def forward(X):
    """Outputs for input rows X of shape (n, {n_in})."""
    a = features(np.asarray(X, dtype=np.float64).reshape(-1, {n_in}))
    for layer in LAYERS:
        W = np.asarray(layer["weights"], dtype=np.float64)
        b = np.asarray(layer["biases"], dtype=np.float64)
        a = ACTIVATIONS[layer["activation"]](a @ W.T + b)
    return a


def main(argv):
    if len(argv) > 1:
        rows = [[float(v) for v in argv[1:]]]
    else:
        rows = [[float(v) for v in line.split(",")] for line in sys.stdin if line.strip()]
    np.set_printoptions(precision=17)
    for row in forward(np.array(rows)):
        print(",".join(repr(float(v)) for v in row))


if __name__ == "__main__":
    main(sys.argv)
'''
