"""4xx answers in FastAPI's ``detail`` shape, naming the field."""

from __future__ import annotations

from fastapi import HTTPException
from fastapi.exception_handlers import http_exception_handler as default_http_exception_handler
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from app.api.limits import too_large_detail


def unprocessable(loc: list, msg: str, kind: str = "value_error") -> HTTPException:
    return HTTPException(status_code=422, detail=[{"loc": ["body", *loc], "msg": msg, "type": kind}])


def not_finite(loc: list, what: str) -> HTTPException:
    return unprocessable(
        loc,
        f"{what} overflow to infinity or NaN with these weights and inputs; use smaller values",
        "value_error.overflow",
    )


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(BaseModel):
    """A 4xx answer in FastAPI's ``detail`` shape (documents the 404 and 413 answers)."""

    detail: list[ErrorDetail]


class FieldError(ValueError):
    """A ValueError raised inside a model validator that knows which field (below the model) is wrong."""

    def __init__(self, loc: list, msg: str) -> None:
        super().__init__(msg)
        self.loc = list(loc)


def _clean(err: dict) -> dict:
    """One validation error without the echoed input (it can be megabytes), with the field's full loc."""
    loc = list(err.get("loc", []))
    msg = str(err.get("msg", ""))
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        loc += cause.loc
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    out = {"loc": loc, "msg": msg, "type": err.get("type", "value_error")}
    ctx = err.get("ctx")
    if ctx:
        safe = {k: v for k, v in ctx.items() if isinstance(v, str | int | float) and not isinstance(v, bool)}
        if safe:
            out["ctx"] = safe
    return out


async def validation_exception_handler(request, exc) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": [_clean(e) for e in exc.errors()[:20]]})


# FastAPI's own answer (400, a plain-string detail) when a body cannot be decoded at all, e.g. bytes
# that are not UTF-8, on routes it parses itself; turned into the documented 422 json_invalid shape.
_UNPARSABLE = "There was an error parsing the body"


async def http_exception_handler(request, exc):
    if exc.status_code == 413:  # FastAPI's body-size limit (MAX_BODY_BYTES)
        detail = too_large_detail(request.app.state.settings.max_body_bytes)
        return JSONResponse(status_code=413, content={"detail": detail})
    if exc.status_code == 400 and exc.detail == _UNPARSABLE:
        detail = [{"loc": ["body"], "msg": "the body is not valid JSON (UTF-8 text)", "type": "json_invalid"}]
        return JSONResponse(status_code=422, content={"detail": detail})
    return await default_http_exception_handler(request, exc)


def install(app) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    app.add_exception_handler(RequestValidationError, validation_exception_handler)
    app.add_exception_handler(StarletteHTTPException, http_exception_handler)
