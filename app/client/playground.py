"""``Playground``: every endpoint of the REST API from Python, with typed results and numpy grids.

    from app.client import Playground
    pg = Playground("http://localhost:8000")   # a running server
    pg = Playground.local()                    # or the app in this process, no server needed
    net = pg.network([2, 4, 1], features=["x1", "x2"], seed=0)
    run = pg.train(net, dataset="xor", epochs=50)
    surface = pg.surface(run.network)          # surface.outputs[0] is a (100, 100) numpy array
"""

from __future__ import annotations

from typing import Any

import httpx2 as httpx
import numpy as np

from app.client.models import (
    ActivationInfo,
    Curve,
    Dataset,
    DatasetInfo,
    Export,
    ForwardResult,
    Frame,
    Gradients,
    HistoryRow,
    LayerTrace,
    Network,
    NeuronResult,
    Points,
    Probe,
    Surface,
    TrainResult,
)

NetworkLike = Network | dict[str, Any]


class PlaygroundError(Exception):
    """The server refused a request: ``status`` (422, 404, 413...), ``detail`` (FastAPI's body), and a
    message naming every offending field, e.g. ``422 network.layers.1.weights: ...``."""

    def __init__(self, status: int, detail: Any, method: str = "", path: str = ""):
        self.status, self.detail, self.method, self.path = status, detail, method, path
        super().__init__(f"{status} {method} {path}: {self.describe(detail)}".replace("  ", " "))

    @staticmethod
    def describe(detail: Any) -> str:
        if isinstance(detail, list):
            parts = []
            for err in detail:
                loc = [str(p) for p in err.get("loc", []) if p != "body"] if isinstance(err, dict) else []
                msg = err.get("msg", err) if isinstance(err, dict) else err
                parts.append(f"{'.'.join(loc)}: {msg}" if loc else str(msg))
            return "; ".join(parts)
        return str(detail)

    @property
    def fields(self) -> list[str]:
        """The dotted paths of the offending fields (``network.layers.1.weights``)."""
        if not isinstance(self.detail, list):
            return []
        return [".".join(str(p) for p in e.get("loc", []) if p != "body") for e in self.detail if isinstance(e, dict)]


def _net(network: NetworkLike) -> dict[str, Any]:
    return network.to_dict() if isinstance(network, Network) else network


def _rows(rows: Any) -> list:
    return np.asarray(rows, dtype=np.float64).tolist()


def _row(d: dict[str, Any] | None) -> HistoryRow | None:
    return None if d is None else HistoryRow(**d)


class Playground:
    """A client of one Neuron Playground server (``url``), or of the app in process (``local()``)."""

    def __init__(self, url: str = "http://127.0.0.1:8000", *, timeout: float = 60.0,
                 client: httpx.Client | None = None):
        self.url = url.rstrip("/")
        self._client = client if client is not None else httpx.Client(base_url=self.url, timeout=timeout)

    @classmethod
    def local(cls, settings: Any = None) -> Playground:
        """The same API in this process, through the ASGI app (no server, no network): for notebooks."""
        from starlette.testclient import TestClient

        from app.main import create_app

        client = TestClient(create_app(settings), raise_server_exceptions=False)
        client.__enter__()  # run the app's start-up (lifespan): the presets load there
        return cls("http://testserver", client=client)

    def close(self) -> None:
        if hasattr(self._client, "__exit__"):
            self._client.__exit__(None, None, None)
        else:  # pragma: no cover
            self._client.close()

    def __enter__(self) -> Playground:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport ----------------------------------------------------------------------------
    def _call(self, method: str, path: str, json: Any = None, params: dict | None = None) -> Any:
        params = {k: v for k, v in (params or {}).items() if v is not None}
        r = self._client.request(method, path, json=json, params=params or None)
        if r.status_code >= 400:
            try:
                detail = r.json().get("detail", r.text)
            except ValueError:
                detail = r.text
            raise PlaygroundError(r.status_code, detail, method, path)
        return r.json()

    # -- meta ---------------------------------------------------------------------------------
    def health(self) -> dict[str, str]:
        return self._call("GET", "/healthz")

    # -- activations and one neuron -------------------------------------------------------------
    def activations(self) -> list[ActivationInfo]:
        return [ActivationInfo(**a) for a in self._call("GET", "/api/activations")["activations"]]

    def activation(self, name: str, start: float = -5.0, stop: float = 5.0, num: int = 201) -> Curve:
        d = self._call("GET", f"/api/activations/{name}", params={"start": start, "stop": stop, "num": num})
        return Curve(d["name"], np.asarray(d["x"]), np.asarray(d["y"]), np.asarray(d["dy"]))

    def neuron(self, inputs: Any, weights: Any, bias: float, activation: str = "sigmoid") -> NeuronResult:
        body = {"inputs": _rows(inputs), "weights": _rows(weights), "bias": float(bias), "activation": activation}
        d = self._call("POST", "/api/neuron", body)
        return NeuronResult(d["activation"], np.asarray(d["terms"]), d["z"], d["output"], d["derivative"])

    def softmax(self, logits: Any) -> np.ndarray:
        return np.asarray(self._call("POST", "/api/softmax", {"logits": _rows(logits)})["probabilities"])

    # -- networks -----------------------------------------------------------------------------
    def network(self, layer_sizes: list[int], activation: str = "tanh", output_activation: str = "sigmoid", *,
                activations: list[str] | None = None, init: str = "xavier", seed: int = 0,
                features: list[str] | None = None) -> Network:
        body = {"layer_sizes": list(layer_sizes), "activation": activation, "output_activation": output_activation,
                "activations": activations, "init": init, "seed": seed, "features": features}
        return Network.from_dict(self._call("POST", "/api/networks", body))

    def forward(self, network: NetworkLike, inputs: Any, trace: bool = True) -> ForwardResult:
        d = self._call("POST", "/api/forward", {"network": _net(network), "inputs": _rows(inputs), "trace": trace})
        return ForwardResult(
            outputs=np.asarray(d["outputs"]),
            features=None if d.get("features") is None else np.asarray(d["features"]),
            layers=[LayerTrace(np.asarray(lay["z"]), np.asarray(lay["a"])) for lay in d["layers"]],
        )

    def surface(self, network: NetworkLike, x_range: tuple[float, float] = (-6.0, 6.0),
                y_range: tuple[float, float] = (-6.0, 6.0), resolution: int = 100, *, neurons: bool = True,
                neuron_resolution: int = 24, encoding: str = "float32") -> Surface:
        body = {"network": _net(network), "x_range": list(x_range), "y_range": list(y_range),
                "resolution": resolution, "neurons": neurons, "neuron_resolution": neuron_resolution,
                "encoding": encoding}
        return Surface.from_dict(self._call("POST", "/api/surface", body))

    def gradients(self, network: NetworkLike, inputs: Any, labels: Any, task: str = "classification",
                  loss: str | None = None) -> Gradients:
        body = {"network": _net(network), "inputs": _rows(inputs), "labels": _rows(labels), "task": task,
                "loss": loss}
        d = self._call("POST", "/api/gradients", body)
        return Gradients(d["loss"], d["loss_name"], [np.asarray(lay["weights"]) for lay in d["layers"]],
                         [np.asarray(lay["biases"]) for lay in d["layers"]])

    # -- data and training ----------------------------------------------------------------------
    def datasets(self) -> list[DatasetInfo]:
        return [DatasetInfo(**d) for d in self._call("GET", "/api/datasets")["datasets"]]

    def dataset(self, name: str, n: int | None = None, noise: float = 0.0, seed: int = 0,
                train_fraction: float = 0.5) -> Dataset:
        spec = {"name": name, "n": n, "noise": noise, "seed": seed, "train_fraction": train_fraction}
        d = self._call("GET", f"/api/datasets/{name}", params={k: v for k, v in spec.items() if k != "name"})
        split = {k: Points(np.asarray(d[k]["points"], dtype=np.float64), np.asarray(d[k]["labels"], dtype=np.float64))
                 for k in ("train", "test")}
        spec = {**spec, "n": d.get("n", n)}
        return Dataset(d["name"], d["task"], d["classes"], d["input_names"], split["train"], split["test"], spec)

    def train(self, network: NetworkLike, dataset: str | Dataset | dict[str, Any] = "xor", *, epochs: int = 1,
              data: dict[str, Any] | None = None, optimizer: str | dict[str, Any] = "adam",
              learning_rate: float = 0.03, batch_size: int = 10, seed: int = 0, task: str | None = None,
              loss: str | None = None, regularization: dict[str, Any] | None = None,
              optimizer_state: dict[str, Any] | None = None, epoch: int = 0,
              surface: dict[str, Any] | None = None) -> TrainResult:
        """Train ``epochs`` epochs. ``dataset``: a name, a ``Dataset`` from ``dataset()``, or a dataset
        spec dict; or ``data`` as the API's inline ``{"train": {...}, "test": {...}}``. Pass back a
        result's ``optimizer_state`` and ``epoch`` to continue exactly (two calls of one epoch = one of two)."""
        if data is None:
            data = self._data(dataset)
        opt = {"name": optimizer, "learning_rate": learning_rate} if isinstance(optimizer, str) else optimizer
        body = {"network": _net(network), "data": data, "task": task, "loss": loss, "optimizer": opt,
                "batch_size": batch_size, "epochs": epochs, "seed": seed,
                "regularization": regularization or {"kind": "none", "rate": 0.0},
                "optimizer_state": optimizer_state, "epoch": epoch, "surface": surface}
        d = self._call("POST", "/api/train", body)
        return TrainResult(
            network=Network.from_dict(d["network"]), optimizer_state=d["optimizer_state"], epoch=d["epoch"],
            status=d["status"], message=d["message"], task=d["task"], loss=d["loss"],
            history=[HistoryRow(**h) for h in d["history"]], metrics=_row(d.get("metrics")),
            confusion_matrix=None if d.get("confusion_matrix") is None else np.asarray(d["confusion_matrix"]),
            surface=None if d.get("surface") is None else Surface.from_dict(d["surface"]),
        )

    def evaluate(self, network: NetworkLike, dataset: str | Dataset | dict[str, Any] = "xor", *,
                 data: dict[str, Any] | None = None, task: str | None = None, loss: str | None = None,
                 surface: dict[str, Any] | None = None, probe: dict[str, Any] | None = None,
                 gradients: bool = False) -> Frame:
        """One frame of the network as it is: metrics and confusion matrix on the data, and what is
        asked for of: ``surface`` (a surface spec), ``probe`` (``{"point": [x1, x2], "axis": 0,
        "neuron": {"layer": l, "index": j}}``), ``gradients``. The page's one request per edit."""
        body = {"network": _net(network), "data": data or self._data(dataset), "task": task, "loss": loss,
                "surface": surface, "probe": probe, "gradients": gradients}
        d = self._call("POST", "/api/evaluate", body)
        g = d.get("gradients")
        return Frame(
            task=d["task"], loss=d["loss"], metrics=_row(d.get("metrics")),
            confusion_matrix=None if d.get("confusion_matrix") is None else np.asarray(d["confusion_matrix"]),
            surface=None if d.get("surface") is None else Surface.from_dict(d["surface"]),
            probe=None if d.get("probe") is None else Probe.from_dict(d["probe"]),
            gradients=None if g is None else Gradients(
                g["loss"], g["loss_name"], [np.asarray(lay["weights"]) for lay in g["layers"]],
                [np.asarray(lay["biases"]) for lay in g["layers"]]),
        )

    @staticmethod
    def _data(dataset: str | Dataset | dict[str, Any]) -> dict[str, Any]:
        spec = dataset.spec if isinstance(dataset, Dataset) else (
            {"name": dataset} if isinstance(dataset, str) else dict(dataset))
        return {"dataset": {k: v for k, v in spec.items() if v is not None}}

    # -- export, quizzes, presets -------------------------------------------------------------
    def export_numpy(self, network: NetworkLike) -> Export:
        d = self._call("POST", "/api/export/numpy", {"network": _net(network)})
        return Export(d["filename"], d["script"])

    def quizzes(self) -> dict[str, Any]:
        return self._call("GET", "/api/quiz")

    def quiz(self, lesson: str, seed: int = 0, answers: bool = False) -> dict[str, Any]:
        return self._call("GET", f"/api/quiz/{lesson}", params={"seed": seed, "answers": str(answers).lower()})

    def check_quiz(self, lesson: str, seed: int, answers: dict[str, Any]) -> dict[str, Any]:
        return self._call("POST", f"/api/quiz/{lesson}/check", {"seed": seed, "answers": answers})

    def presets(self) -> dict[str, Any]:
        return self._call("GET", "/api/presets")

    def preset(self, name: str) -> dict[str, Any]:
        return self._call("GET", f"/api/presets/{name}")

    # -- a run report -------------------------------------------------------------------------
    def report(self, network: NetworkLike, *, data: Dataset | None = None, history: list[HistoryRow] | None = None,
               settings: dict[str, Any] | None = None, title: str = "Neuron Playground run") -> str:
        """A self-contained offline HTML run report (surface with the data, loss, diagram, JSON, settings)."""
        from app.client.report import run_report

        net = network if isinstance(network, Network) else Network.from_dict(network)
        surface = self.surface(net, neurons=False) if net.sizes[0] == 2 or net.features else None
        return run_report(net, surface=surface, data=data, history=history, settings=settings, title=title)
