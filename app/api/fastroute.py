"""A leaner request path for the JSON endpoints that a page calls many times a second.

FastAPI's generic handler parses the body with ``json.loads``, walks its dependency solver and
then validates the Python objects; for a one-point forward pass that framework work costs more
than the maths.  :class:`JSONBodyRoute` keeps everything FastAPI documents (the OpenAPI schema
still comes from the endpoint's signature and ``response_model``) but handles an endpoint whose
parameters are one pydantic body model (plus, optionally, the ``Request``) directly:
pydantic-core parses and validates the raw bytes in one pass (``model_validate_json``), the
endpoint runs, and the answer is validated and serialised by the response model's TypeAdapter.
Validation errors are raised as FastAPI's ``RequestValidationError`` with the same ``loc``
(``["body", ...]``), so clients cannot tell the difference, except in speed.
Endpoints with any other kind of parameter fall back to FastAPI's own handler.
A synchronous endpoint runs in the thread pool; the compute endpoints are ``async`` and let the
heavy lane (``app.api.lane``) decide where their engine call runs, from the validated request.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError


class JSONBodyRoute(APIRoute):
    def get_route_handler(self):
        dep = self.dependant
        simple = (
            len(dep.body_params) == 1
            and not (dep.path_params or dep.query_params or dep.header_params or dep.cookie_params)
            and not dep.dependencies
            and inspect.isclass(dep.body_params[0].field_info.annotation)
            and issubclass(dep.body_params[0].field_info.annotation, BaseModel)
            and self.response_model is not None
        )
        if not simple:
            return super().get_route_handler()
        model: type[BaseModel] = dep.body_params[0].field_info.annotation
        body_name = dep.body_params[0].name
        request_name = dep.request_param_name
        call = self.endpoint
        is_coroutine = inspect.iscoroutinefunction(call)
        out = TypeAdapter(self.response_model)
        status = self.status_code or 200

        async def handler(request: Request) -> Response:
            raw = await request.body()
            if not raw.strip():
                raise RequestValidationError(
                    [{"loc": ("body",), "msg": "Field required: the request needs a JSON body", "type": "missing"}]
                )
            try:
                # the app's settings reach every limit in the schemas (app.api.schemas.settings_of)
                body = model.model_validate_json(raw, context={"settings": request.app.state.settings})
            except ValidationError as exc:
                raise RequestValidationError(
                    [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)], body=None
                ) from None
            kwargs: dict[str, Any] = {body_name: body}
            if request_name:
                kwargs[request_name] = request
            if is_coroutine:
                result = await call(**kwargs)
            else:
                result = await run_in_threadpool(call, **kwargs)
            if isinstance(result, Response):
                return result
            content = out.dump_json(out.validate_python(result))
            return Response(content, status_code=status, media_type="application/json")

        return handler
