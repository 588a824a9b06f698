"""`python -m app` and the `neuron-playground` command: serve Neuron Playground with uvicorn.

Settings come from flags or the environment. The process tuning (``app.tuning``) happens here,
before uvicorn starts, and in every worker through the app factory ``app.main:serve``.
"""

from __future__ import annotations

import argparse
import socket
import sys

from pydantic import ValidationError

from app import __version__, tuning
from app.config import Settings


def _help_epilog() -> str:
    lines = ["environment variables (flags win over them):"]
    for name, field in Settings.model_fields.items():
        default = field.default if field.default_factory is None else "(computed)"
        lines.append(f"  {name.upper():22} {field.description} [default: {default!r}]")
    lines.append(
        f"  {'FORWARDED_ALLOW_IPS':22} proxies trusted for X-Forwarded-* headers (read by uvicorn) "
        "[default: '127.0.0.1': trust no proxy but one on this machine]"
    )
    return "\n".join(lines)


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (None when it can), checked before uvicorn starts."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        return str(exc)
    family, kind, proto, _, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def main(argv: list[str] | None = None, prog: str = "python -m app") -> int:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve Neuron Playground (pages and REST API) with uvicorn.",
        epilog=_help_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"neuron-playground {__version__}")
    parser.add_argument("--host", help="interface to listen on (HOST)")
    parser.add_argument("--port", type=int, help="TCP port (PORT)")
    parser.add_argument("--workers", type=int, help="worker processes (WEB_CONCURRENCY)")
    parser.add_argument("--limit-concurrency", type=int, help="most open connections per worker (LIMIT_CONCURRENCY)")
    parser.add_argument("--log-level", help="log level (LOG_LEVEL)")
    parser.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    parser.add_argument(
        "--proxy-headers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="trust X-Forwarded-For/-Proto from FORWARDED_ALLOW_IPS (default: on)",
    )
    args = parser.parse_args(argv)

    overrides = {
        k: v
        for k, v in {
            "host": args.host,
            "port": args.port,
            "web_concurrency": args.workers,
            "log_level": args.log_level,
            "limit_concurrency": args.limit_concurrency,
        }.items()
        if v is not None
    }
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        for err in exc.errors():
            name = str(err["loc"][0]).upper() if err["loc"] else "?"
            msg = str(err["msg"]).removeprefix("Value error, ")
            print(f"error: setting {name}: {msg}", file=sys.stderr)
        return 2
    problem = _cannot_listen(settings.host, settings.port)
    if problem:
        print(f"error: setting HOST/PORT: cannot listen on {settings.host!r} port {settings.port}: {problem}",
              file=sys.stderr)
        return 2

    tuning.limit_blas_threads()  # before any worker imports numpy
    import uvicorn

    uvicorn.run(
        "app.main:serve",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=None if args.reload else settings.web_concurrency,
        log_level=settings.log_level,
        reload=args.reload,
        proxy_headers=args.proxy_headers,
        # the request-receipt deadlines and TCP_NODELAY (app/http_protocol.py), on h11 or httptools
        http="app.http_protocol:DeadlineProtocol",
        limit_concurrency=settings.limit_concurrency,
    )
    return 0


def run() -> None:
    """The `neuron-playground` console script: the same flags as `python -m app`."""
    sys.exit(main(prog="neuron-playground"))


if __name__ == "__main__":
    sys.exit(main())
