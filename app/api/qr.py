"""``GET /api/qr?text=...``: a QR code of a link, as SVG (segno), for a teacher's class link.

Only absolute http(s) links are encoded (the page asks for its own class links): any host, since
behind a proxy or on a hotspot the server cannot know the address the students will type.
"""

from __future__ import annotations

import io
from typing import Annotated
from urllib.parse import urlsplit

import segno
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from app.api.errors import ErrorBody

MAX_QR_TEXT = 2000  # a version-40 code holds 2331 bytes at error level M; past ~300 a phone struggles

router = APIRouter(tags=["class links"])


def _bad(msg: str) -> HTTPException:
    return HTTPException(status_code=422, detail=[{"loc": ["query", "text"], "msg": msg, "type": "value_error"}])


def check_link(text: str) -> str:
    """The link to encode, or a 422 naming ``text`` with what is wrong."""
    if not text:
        raise _bad("give the link to encode")
    if len(text) > MAX_QR_TEXT:
        raise _bad(f"at most {MAX_QR_TEXT} characters (got {len(text)}); use the short class link")
    if any(ord(c) <= 32 or ord(c) == 127 for c in text):
        raise _bad("a link has no spaces or control characters")
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a bad port
    except ValueError:
        raise _bad("not a valid link") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _bad("only http:// or https:// links with a host are encoded")
    del port
    return text


SVG = {"content": {"image/svg+xml": {"schema": {"type": "string"}}}, "description": "The QR code as SVG"}


@router.get(
    "/qr",
    summary="A QR code of a link, as SVG",
    response_class=Response,
    responses={200: SVG, 422: {"model": ErrorBody, "description": "`text` is missing, too long or not a link"}},
)
def qr(
    text: Annotated[str, Query(description=f"an absolute http(s) link, at most {MAX_QR_TEXT} characters")],
) -> Response:
    """The playground's class link as a QR code (error correction M, 4 modules of quiet zone),
    scalable SVG (a viewBox, no size): `<img src="/api/qr?text=...">` shows it."""
    link = check_link(text)
    code = segno.make(link, error="m", micro=False)
    buf = io.BytesIO()
    code.save(buf, kind="svg", xmldecl=False, omitsize=True, border=4, dark="#000", light="#fff",
              title="QR code of the link")
    return Response(buf.getvalue(), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})
