"""Settings, read from environment variables and validated at start-up.

Every setting is an environment variable of the same name in upper case
(``MAX_UNITS=32``, ``ROOT_PATH=/playground``).  A bad value stops the server
with a message naming the variable.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The largest |value| of a weight, bias or input the API accepts (the schemas, the presets), and
# the bound the training engine is given: it never returns a network the API would then refuse.
MAX_ABS = 1e6
LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")
# One CSP source expression: a keyword, a scheme, or an origin with optional wildcard host and port.
_CSP_SOURCE = re.compile(r"'self'|'none'|https?:|(https?://)?(\*\.)?[A-Za-z0-9.-]+(:(\d{1,5}|\*))?")
_HOSTNAME = re.compile(r"(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?")
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:]+\](:\d{1,5})?")


class Settings(BaseSettings):
    """Server configuration.  Field descriptions double as ``python -m app --help`` text."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    host: str = Field("127.0.0.1", description="interface to listen on (an IP address, or localhost)")
    port: int = Field(8000, ge=1, le=65535, description="TCP port")
    web_concurrency: int = Field(
        default_factory=lambda: os.cpu_count() or 1, ge=1, le=64, description="uvicorn worker processes"
    )
    log_level: str = Field("info", description="one of " + ", ".join(LOG_LEVELS))
    root_path: str = Field("", description="URL prefix when served behind a proxy, e.g. /playground")

    max_layers: int = Field(10, ge=1, le=100, description="most layers (hidden + output) in a network")
    max_units: int = Field(64, ge=1, le=1024, description="most neurons in one layer")
    max_rows: int = Field(10_000, ge=1, le=1_000_000, description="most input rows in one request")
    max_resolution: int = Field(200, ge=2, le=1000, description="largest surface grid side")
    max_surface_cells: int = Field(
        2_000_000, ge=10_000, le=100_000_000,
        description="most grid cells (outputs + every neuron) in one surface answer; a quarter of it for JSON",
    )
    max_epochs: int = Field(1_000, ge=1, le=1_000_000, description="most epochs in one /api/train call")
    max_points: int = Field(5_000, ge=10, le=1_000_000, description="most points in a dataset")
    max_body_bytes: int = Field(1_048_576, ge=1024, le=64 * 1_048_576, description="largest request body")
    train_budget_seconds: float = Field(
        2.0, gt=0, le=600, description="compute budget of one /api/train call; past it the run stops early"
    )

    request_header_timeout: float = Field(
        10.0, gt=0, le=3600,
        description="seconds a client has to send a request's headers; past them the connection is closed",
    )
    request_body_timeout: float = Field(
        10.0, gt=0, le=3600, description="seconds a request body may stall; past them the answer is 408 and a close"
    )
    limit_concurrency: int = Field(
        1000, ge=1, le=1_000_000,
        description="most open connections per worker; past it requests get 503 (uvicorn --limit-concurrency)",
    )

    cors_origins: str = Field("", description="comma-separated origins allowed by CORS (none by default)")
    frame_ancestors: str = Field(
        "'self'", description="CSP frame-ancestors: who may embed the pages, e.g. 'self' https://lms.school"
    )
    presets_dir: str = Field("", description="folder of extra preset network JSON files")

    @field_validator("host")
    @classmethod
    def _listenable_host(cls, value: str) -> str:
        value = value.strip()
        try:
            ipaddress.ip_address(value)
            return value
        except ValueError:
            pass
        if not _HOSTNAME.fullmatch(value) or all(part.isdigit() for part in value.rstrip(".").split(".")):
            raise ValueError(f"{value!r} is not an IP address (such as 0.0.0.0, 127.0.0.1 or ::) or a host name")
        try:
            socket.getaddrinfo(value, None)
        except OSError as exc:
            raise ValueError(f"the host name {value!r} does not resolve: {exc}") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        value = value.lower()
        if value not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value

    @field_validator("root_path")
    @classmethod
    def _clean_root(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith("/"):
            raise ValueError("must start with '/' (for example /playground)")
        return value

    @field_validator("presets_dir")
    @classmethod
    def _dir_exists(cls, value: str) -> str:
        if value and not Path(value).is_dir():
            raise ValueError(f"{value!r} is not a directory")
        return value

    @field_validator("frame_ancestors")
    @classmethod
    def _ancestor_sources(cls, value: str) -> str:
        value = " ".join(value.split())
        for source in value.split(" "):
            if source and not _CSP_SOURCE.fullmatch(source):
                raise ValueError(
                    f"{source!r} is not a CSP source: use 'self', 'none' or origins like https://lms.school"
                )
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        for origin in (o.strip() for o in value.split(",")):
            if origin and origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin like https://lms.school or http://10.0.0.5:8000")
        return value

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
