"""Datasets: the list, and one generated set with its train/test split."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request

from app.api.schemas import HARD, DatasetList, DatasetName, DatasetOut
from app.nn import datasets

router = APIRouter(tags=["datasets"])


@router.get("/datasets", response_model=DatasetList, summary="Every dataset")
def list_datasets() -> dict:
    return {
        "datasets": [
            {"name": i.name, "task": i.task, "classes": i.classes, "inputs": i.inputs,
             "input_names": list(i.input_names), "default_n": i.default_n, "description": i.description}
            for i in datasets.INFOS.values()
        ]
    }


@router.get("/datasets/{name}", response_model=DatasetOut, summary="Generate a dataset, split into train and test")
def get_dataset(
    request: Request,
    name: Annotated[DatasetName, Path(description="dataset name")],
    n: Annotated[int | None, Query(ge=10, le=HARD["max_points"], description="points (default per set)")] = None,
    noise: Annotated[float, Query(ge=0, le=50, allow_inf_nan=False, description="percent")] = 0.0,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
    train_fraction: Annotated[float, Query(ge=0.05, le=1.0, allow_inf_nan=False)] = 0.5,
) -> dict:
    """Same name, n, noise and seed → the same points (and the same split for the same seed)."""
    limit = request.app.state.settings.max_points
    if n is not None and n > limit:
        raise HTTPException(422, [{"loc": ["query", "n"], "type": "less_than_equal",
                                   "msg": f"Input should be less than or equal to {limit} (MAX_POINTS)"}])
    data, (trx, trl), (tex, tel) = datasets.load(datasets.Spec(name, n, noise, seed, train_fraction))
    info = data.info
    return {
        "name": name, "task": info.task, "classes": info.classes, "input_names": list(info.input_names),
        "n": len(data.labels), "noise": noise, "seed": seed, "train_fraction": train_fraction,
        "train": {"points": trx.tolist(), "labels": trl.tolist()},
        "test": {"points": tex.tolist(), "labels": tel.tolist()},
    }
