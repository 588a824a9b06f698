#!/usr/bin/env bash
# Replays the Dockerfile's recipe without a Docker engine, and fails if the image would not work:
#   1. a fresh virtual environment from the Python of the base image's version (python:X.Y-slim),
#   2. the Dockerfile's own RUN steps in its WORKDIR: the pinned `pip install ... requirements.lock`
#      and `pip check`, `compileall`; `useradd` becomes "make sure an unprivileged user exists",
#   3. its COPY lines, everything owned by root and read-only for the server's user,
#   4. its exact CMD, as that unprivileged user, with the Dockerfile's ENV (PORT moved to a free
#      port), then 200 from /healthz, / and /docs, the HEALTHCHECK command passing, one worker per
#      CPU (WEB_CONCURRENCY unset), and a clean stop on SIGTERM.
# Usage: bash .ci/docker-recipe.sh   (as root in CI; as a normal user it runs as that user)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RECIPE_USER="${RECIPE_USER:-np-recipe}"
WORK="$(mktemp -d /tmp/np-recipe.XXXXXX)"
SERVER_PID=""

log() { printf '[docker-recipe] %s\n' "$*"; }
fail() { printf '[docker-recipe] FAIL: %s\n' "$*" >&2; exit 1; }

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    sleep 2
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# -- read the Dockerfile (the same reader the deploy tests use) --------------------------------
plan() { python3 - "$ROOT" "$1" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1] + "/tests/deploy")
from dockerfile import Dockerfile
d = Dockerfile.read(sys.argv[1] + "/Dockerfile")
what = sys.argv[2]
if what == "python":
    image = d.base_image  # python:3.11-slim
    print(image.split(":")[1].split("-")[0])
elif what == "workdir":
    print(d.workdir or "/")
elif what == "run":
    print("\n".join(d.run_commands))
elif what == "copy":
    for sources, dest in d.copies:
        print(json.dumps([sources, dest]))
elif what == "env":
    for k, v in d.env.items():
        print(f"{k}={v}")
elif what == "cmd":
    print(json.dumps(d.cmd))
elif what == "healthcheck":
    print(json.dumps(d.healthcheck[1] if d.healthcheck else None))
elif what == "expose":
    print(d.exposed_ports[0] if d.exposed_ports else "")
PY
}

PY_VERSION="$(plan python)"
PY_BIN="${RECIPE_PYTHON:-}"
if [[ -z "$PY_BIN" ]]; then
  for candidate in "/usr/bin/python$PY_VERSION" "/usr/local/bin/python$PY_VERSION" "$(command -v "python$PY_VERSION" || true)"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then PY_BIN="$candidate"; break; fi
  done
fi
[[ -n "$PY_BIN" ]] || fail "no python$PY_VERSION (the base image's version) found; set RECIPE_PYTHON"
log "base image Python $PY_VERSION -> $PY_BIN ($("$PY_BIN" --version 2>&1))"

# -- the unprivileged user ------------------------------------------------------------------------
if [[ "$(id -u)" == 0 ]]; then
  if ! id "$RECIPE_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RECIPE_USER"
    log "created user $RECIPE_USER"
  fi
  RUN_UID="$(id -u "$RECIPE_USER")"; RUN_GID="$(id -g "$RECIPE_USER")"
  AS_USER=(setpriv --reuid="$RUN_UID" --regid="$RUN_GID" --clear-groups --)
  as_user() { "${AS_USER[@]}" "$@"; }
  as_user "$PY_BIN" -c "pass" 2>/dev/null || fail "$RECIPE_USER cannot run $PY_BIN (set RECIPE_PYTHON to a Python outside /root)"
else
  RUN_UID="$(id -u)"
  AS_USER=()
  as_user() { "$@"; }
  log "not root: the server runs as $(id -un) and the read-only check is skipped"
fi
[[ "$RUN_UID" != 0 ]] || fail "the server must not run as root"

# -- the image's filesystem: WORKDIR, COPY, RUN ----------------------------------------------------
chmod 755 "$WORK"
WORKDIR_IN_IMAGE="$(plan workdir)"
APPDIR="$WORK/image${WORKDIR_IN_IMAGE}"
mkdir -p "$APPDIR"
"$PY_BIN" -m venv "$WORK/venv"
export PATH="$WORK/venv/bin:$PATH"
unset PYTHONPATH VIRTUAL_ENV_PROMPT || true

copy_step() {  # a COPY line: sources relative to the build context, destination relative to WORKDIR
  python3 - "$ROOT" "$APPDIR" "$1" <<'PY'
import json, shutil, sys
from pathlib import Path
root, appdir, (sources, dest) = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
target = appdir / dest
for src in sources:
    path = root / src
    if path.is_dir():
        shutil.copytree(path, target if not dest.endswith("/") else target / path.name, ignore=ignore, dirs_exist_ok=True)
    else:
        (target if dest.endswith("/") else target.parent).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / path.name if dest.endswith("/") else target)
PY
}

# Replay in Dockerfile order: COPY requirements.lock, the install RUN, the app COPYs, the last RUN.
mapfile -t COPIES < <(plan copy)
mapfile -t RUNS < <(plan run)
copy_step "${COPIES[0]}"
(
  cd "$APPDIR"
  for step in "${RUNS[@]}"; do
    case "$step" in
      pip\ *) log "RUN $step"; env PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 bash -c "$step" >"$WORK/pip.log" 2>&1 \
                || { tail -30 "$WORK/pip.log"; fail "'$step' failed"; } ;;
    esac
  done
)
for c in "${COPIES[@]:1}"; do copy_step "$c"; done
(
  cd "$APPDIR"
  for step in "${RUNS[@]}"; do
    case "$step" in
      pip\ *) ;;
      useradd\ *) log "RUN useradd -> the server runs as $RECIPE_USER (uid $RUN_UID)" ;;
      *) log "RUN $step"; bash -c "$step" ;;
    esac
  done
)
INSTALLED="$(pip freeze --all | grep -vciE '^(pip|setuptools|wheel)==' || true)"
LOCKED="$(grep -cE '^[A-Za-z0-9][A-Za-z0-9._-]*==' "$ROOT/requirements.lock")"
[[ "$INSTALLED" == "$LOCKED" ]] || fail "the venv holds $INSTALLED packages but requirements.lock pins $LOCKED"
log "installed exactly the $LOCKED pinned packages; pip check passed"
if [[ "$(id -u)" == 0 ]]; then
  chown -R root:root "$WORK/image" "$WORK/venv"
  chmod -R go-w "$WORK/image" "$WORK/venv"
fi

# -- the server: the exact CMD, as the unprivileged user ------------------------------------------
PORT="$("$PY_BIN" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mapfile -t ENV_LINES < <(plan env)
CMD_JSON="$(plan cmd)"
[[ "$CMD_JSON" != "null" ]] || fail "the Dockerfile has no exec-form CMD"
mapfile -t CMD < <(python3 -c 'import json, sys; print("\n".join(json.loads(sys.argv[1])))' "$CMD_JSON")
CHILD_ENV=(env -i "PATH=$WORK/venv/bin:/usr/local/bin:/usr/bin:/bin" "HOME=/nonexistent" "LANG=C.UTF-8")
for kv in "${ENV_LINES[@]}"; do CHILD_ENV+=("$kv"); done
CHILD_ENV+=("PORT=$PORT" "LOG_LEVEL=info")
log "CMD ${CMD[*]}  (PORT=$PORT, WEB_CONCURRENCY unset, user uid $RUN_UID)"
touch "$WORK/started"
sleep 1  # so that anything the server writes is strictly newer than the marker
cd "$APPDIR"
# not through a shell function: `&` would fork a subshell, and $! must be the server itself
# (setpriv and env exec, so the pid is the CMD's python: SIGTERM reaches it as in a container)
"${AS_USER[@]}" "${CHILD_ENV[@]}" "${CMD[@]}" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
sleep 0.5
[[ "$(ps -o args= -p "$SERVER_PID")" == *"${CMD[*]:1}"* ]] || fail "pid $SERVER_PID is not the server: $(ps -o args= -p "$SERVER_PID")"
cd "$ROOT"

URL="http://127.0.0.1:$PORT"
fetch() {  # fetch URL BODYFILE -> prints the status code and the headers into BODYFILE.headers
  python3 - "$1" "$2" <<'PY'
import sys, urllib.error, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
        status, body, headers = r.status, r.read(), r.headers
except urllib.error.HTTPError as e:
    status, body, headers = e.code, e.read(), e.headers
except OSError:
    status, body, headers = 0, b"", {}
open(sys.argv[2], "wb").write(body)
open(sys.argv[2] + ".headers", "w").write("".join(f"{k}: {v}\n" for k, v in headers.items()))
print(status)
PY
}
for _ in $(seq 1 300); do
  if [[ "$(fetch "$URL/healthz" "$WORK/body")" == 200 ]]; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; fail "the server exited"; }
  sleep 0.2
done
for path in /healthz / /docs /redoc /api/presets; do
  code="$(fetch "$URL$path" "$WORK/body")"
  [[ "$code" == 200 ]] || { cat "$WORK/server.log"; fail "GET $path -> $code"; }
  log "GET $path -> 200 ($(wc -c <"$WORK/body") bytes)"
done
fetch "$URL/" "$WORK/body" >/dev/null
grep -qi '^content-security-policy:' "$WORK/body.headers" || fail "no Content-Security-Policy on /"

# a heavy-but-legal request (a body over 256 KB) gets its answer; the heavy lane's low-priority
# process pool (app/api/lane.py: spawned children, started with each worker) is running
python3 - "$URL" <<'PY' || fail "a heavy request did not get its answer"
import json, random, sys, urllib.request
rng = random.Random(0)
row = lambda n: [rng.uniform(-1, 1) for _ in range(n)]
layers = [{"activation": "tanh", "weights": [row(2) for _ in range(64)], "biases": [0.0] * 64}]
layers += [{"activation": "tanh", "weights": [row(64) for _ in range(64)], "biases": [0.0] * 64} for _ in range(7)]
layers += [{"activation": "sigmoid", "weights": [row(64)], "biases": [0.0]}]
body = json.dumps({"network": {"features": ["x1", "x2"], "layers": layers}, "resolution": 200, "neurons": False})
assert len(body) > 256 * 1024
req = urllib.request.Request(sys.argv[1] + "/api/surface", data=body.encode(), headers={"Content-Type": "application/json"})
with urllib.request.urlopen(req, timeout=120) as r:
    answer = json.loads(r.read())
assert r.status == 200 and answer["outputs"][0]["shape"] == [200, 200], answer
print("[docker-recipe] heavy POST /api/surface (%d KB body) -> 200" % (len(body) // 1024))
PY
# the lane's children are spawned processes that lowered their own priority (nice 19); the uvicorn
# workers are spawned too, at the normal priority
SIDE="$(ps -u "$RUN_UID" -o ni=,args= | grep '[m]ultiprocessing.spawn' | awk '$1 == 19' | wc -l)"
[[ "$SIDE" -ge 1 ]] || fail "no heavy-lane process (a spawned child at nice 19) is running"
log "$SIDE heavy-lane process(es) running as uid $RUN_UID at niceness 19"

HC_JSON="$(plan healthcheck)"
[[ "$HC_JSON" != "null" ]] || fail "the Dockerfile has no exec-form HEALTHCHECK"
mapfile -t HC < <(python3 -c 'import json, sys; print("\n".join(json.loads(sys.argv[1])))' "$HC_JSON")
as_user "${CHILD_ENV[@]}" "${HC[@]}" || fail "the HEALTHCHECK command failed"
log "HEALTHCHECK ${HC[0]} ... -> ok"

CPUS="$("$PY_BIN" -c 'import os; print(os.cpu_count() or 1)')"
WORKERS="$(grep -c 'Started server process' "$WORK/server.log" || true)"
[[ "$WORKERS" == "$CPUS" ]] || { cat "$WORK/server.log"; fail "$WORKERS workers started, expected $CPUS (the CPU count)"; }
log "$WORKERS workers = CPU count"
WROTE="$(find "$WORK/image" "$WORK/venv" -newer "$WORK/started" 2>/dev/null | head -3)"
[[ -z "$WROTE" ]] || fail "the server wrote into its install (a read-only root filesystem would break it): $WROTE"
log "the server wrote nothing into its install (read-only root filesystem ok)"

WORKER_PIDS="$(pgrep -P "$SERVER_PID" | tr '\n' ' ')"
kill -TERM "$SERVER_PID"
for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$SERVER_PID" 2>/dev/null; then fail "the server did not stop within 20 s of SIGTERM"; fi
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
for _ in $(seq 1 50); do
  [[ "$(ps -u "$RUN_UID" -o args= | grep -c '[m]ultiprocessing.spawn' || true)" == 0 ]] && break
  sleep 0.2
done
alive() { local st; st="$(ps -o stat= -p "$1" 2>/dev/null)"; [[ -n "$st" && "$st" != Z* ]]; }  # zombies are gone
for pid in $WORKER_PIDS; do
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.2; done
  ! alive "$pid" || fail "process $pid of the server outlived it: $(ps -o args= -p "$pid")"
done
[[ "$(ps -u "$RUN_UID" -o args= | grep -c '[m]ultiprocessing.spawn' || true)" == 0 ]] || fail "heavy-lane processes outlived the server"
log "stopped cleanly on SIGTERM (the heavy lane's processes too)"
echo "docker recipe: 1 passed, 0 failed"
