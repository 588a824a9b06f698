"""GET /api/qr: a class link as a QR code in SVG (segno), and clear 422s naming `text`."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

LINK = "http://192.168.1.23:8000/#preset=xor-solved&hide=ps,sh,ly,lr"


def test_a_link_becomes_an_svg_qr_code(client):
    r = client.get("/api/qr", params={"text": LINK})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(r.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    w, h = root.attrib["viewBox"].split()[2:]
    assert w == h and int(w) >= 21 + 8  # a square of at least version 1 plus the quiet zone
    assert root.find("{http://www.w3.org/2000/svg}path") is not None
    # the same text gives the same picture (cacheable)
    assert client.get("/api/qr", params={"text": LINK}).content == r.content
    assert "max-age" in r.headers["cache-control"]


def test_the_code_holds_the_link(client):
    """The picture is segno's code of exactly that text (error level M, 4-module quiet zone)."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(LINK, error="m", micro=False).save(buf, kind="svg", xmldecl=False, omitsize=True, border=4,
                                                  dark="#000", light="#fff", title="QR code of the link")
    assert client.get("/api/qr", params={"text": LINK}).content == buf.getvalue()


def test_https_and_long_exact_links_up_to_the_limit(client):
    long_link = "https://school.example/playground/#s=z" + "A" * 1500
    assert client.get("/api/qr", params={"text": long_link}).status_code == 200
    assert client.get("/api/qr", params={"text": "https://x.example/" + "a" * (2000 - 18)}).status_code == 200


@pytest.mark.parametrize(
    ("params", "what"),
    [
        ({}, "missing"),
        ({"text": ""}, "give the link"),
        ({"text": "https://x.example/" + "a" * 2000}, "at most 2000"),
        ({"text": "javascript:alert(1)"}, "http"),
        ({"text": "ftp://host/file"}, "http"),
        ({"text": "/#preset=xor-solved"}, "http"),
        ({"text": "http://"}, "http"),
        ({"text": "http://a b.example/"}, "spaces"),
        ({"text": "http://host:99999/"}, "valid link"),
        ({"text": "hello world"}, ""),
    ],
)
def test_bad_text_gets_a_422_naming_the_field(client, params, what):
    r = client.get("/api/qr", params=params)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail[0]["loc"] == ["query", "text"]
    assert what.lower() in detail[0]["msg"].lower() or what == "missing"


def test_documented_in_openapi(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/qr"]["get"]
    assert "image/svg+xml" in op["responses"]["200"]["content"]
    assert "422" in op["responses"]
    assert op["parameters"][0]["name"] == "text" and op["parameters"][0]["required"]
