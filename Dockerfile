# Neuron Playground: one container serves a whole class, offline.
#   docker build -t neuron-playground:0.1.0 .
#   docker run --rm -p 8000:8000 neuron-playground:0.1.0
# Settings are environment variables (docker run -e MAX_UNITS=32 ...): `python -m app --help` lists them.
FROM python:3.11-slim

LABEL org.opencontainers.image.title="neuron-playground" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.description="A visual neural-network playground for the classroom, offline"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    NUMBA_CACHE_DIR=/tmp/numba-cache

WORKDIR /app

# Dependencies in their own layer, every version pinned: a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install --no-cache-dir --no-deps --only-binary=:all: -r requirements.lock && pip check

# The app, owned by root and read-only for the server's user; bytecode and the numba training
# kernel compiled now (into .numba-cache, copied at start to NUMBA_CACHE_DIR on the tmpfs), so the
# server writes nothing into its install and works on a read-only root filesystem.
COPY app ./app
COPY static ./static
COPY templates ./templates
RUN python -m compileall -q app \
    && NUMBA_CACHE_DIR=.numba-cache python -c "from app.nn import compiled; compiled.warm_up()" \
    && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin playground

USER 10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

# Workers: WEB_CONCURRENCY (default: the CPU count); settings are validated before it starts.
# X-Forwarded-* headers are believed only from FORWARDED_ALLOW_IPS (default 127.0.0.1): behind a
# real proxy set it to the proxy's address (README, "Behind a proxy").
# PID 1: uvicorn reaps its own workers but not orphaned grandchildren: run with `docker run --init`
# (compose: `init: true`; Kubernetes: shareProcessNamespace or an init such as tini).
CMD ["python", "-m", "app", "--proxy-headers"]
