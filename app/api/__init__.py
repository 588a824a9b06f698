"""REST API v1: thin routers over the numpy engine in app.nn."""

from fastapi import APIRouter

router = APIRouter(prefix="/api")
