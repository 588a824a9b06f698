"""4xx answers in FastAPI's ``detail`` shape, naming the field."""

from __future__ import annotations

from fastapi import HTTPException


def unprocessable(loc: list, msg: str, kind: str = "value_error") -> HTTPException:
    return HTTPException(status_code=422, detail=[{"loc": ["body", *loc], "msg": msg, "type": kind}])


def not_finite(loc: list, what: str) -> HTTPException:
    return unprocessable(
        loc,
        f"{what} overflow to infinity or NaN with these weights and inputs; use smaller values",
        "value_error.overflow",
    )
