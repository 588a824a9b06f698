"""Export: a network as a standalone numpy script."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.fastroute import JSONBodyRoute
from app.api.schemas import ExportIn, ExportOut
from app.nn import export

router = APIRouter(tags=["export"], route_class=JSONBodyRoute)


@router.post("/export/numpy", response_model=ExportOut, summary="A standalone numpy script of the network")
def export_numpy(body: ExportIn) -> dict:
    """A Python script that needs only numpy, carries the weights, and computes exactly the
    engine's outputs: `python network.py x1 x2` prints them; `forward(X)` when imported."""
    return {"filename": "network.py", "script": export.to_script(body.network.net)}
