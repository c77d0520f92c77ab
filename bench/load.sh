#!/usr/bin/env bash
# Load test of a final night: wrk on the bracket for DURATION while a member of staff saves
# a new score through the admin every second (bench/load_final.py). Passes when wrk saw no
# non-2xx answer and every new score was on the bracket on the next request.
#
#   bench/load.sh                 # 30 s, 32 connections, gunicorn with 2 workers
#   DURATION=30 CONNECTIONS=32 PORT=8003 BENCH_DATABASE_URL=… BENCH_REDIS_URL=… bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
BIN=$(dirname "$PY")
PORT=${PORT:-8003}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
DB_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/liguilla_load}
DB_NAME=${DB_URL##*/}
WORK=$(mktemp -d)
export DATABASE_URL=$DB_URL
export DJANGO_SECRET_KEY=load-only-$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9)
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https
export AXES_ENABLED=0
unset DJANGO_DEBUG
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}
if "$PY" -c "import redis; redis.Redis.from_url('$REDIS', socket_timeout=1).ping()" 2>/dev/null; then
  export REDIS_URL=$REDIS CACHE_KEY_PREFIX=load-$$
fi

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME" postgres >/dev/null 2>&1
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB_NAME" postgres >/dev/null
"$PY" bench/seed.py >/dev/null
"$PY" manage.py shell -c "
from tests.admin_fixtures import make_staff_user
make_staff_user('load-staff', 'load-test-password-2011')"
DJANGO_DEBUG=1 "$PY" manage.py compilemessages --ignore=.venv -v 0
"$PY" manage.py collectstatic --noinput -v 0
"$BIN/gunicorn" liguilla.wsgi --bind "127.0.0.1:$PORT" --workers "$WEB_CONCURRENCY" \
  --forwarded-allow-ips 127.0.0.1 >"$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  if [ -n "${REDIS_URL:-}" ]; then
    "$PY" -c "import redis; r=redis.Redis.from_url('$REDIS'); [r.delete(k) for k in r.scan_iter('load-$$:*')]" || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf -o /dev/null "$BASE/healthz" && break; sleep 0.2; done

BRACKET=/en/liga-de-ascenso/2011-12/apertura-2011/bracket/
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
  -H "X-Forwarded-Proto: https" -H "Accept-Encoding: gzip" "$BASE$BRACKET" >"$WORK/wrk.txt" &
WRK=$!
set +e
"$PY" bench/load_final.py "$BASE" "$((DURATION - 1))"
saves=$?
wait "$WRK"
set -e
cat "$WORK/wrk.txt"
non2xx=$(awk '/Non-2xx or 3xx/ {print $5}' "$WORK/wrk.txt")
errors=$(grep -c "Error\|Traceback" "$WORK/server.log" || true)
echo "non-2xx answers: ${non2xx:-0}; errors in the server log: $errors"
[ "$saves" = 0 ] && [ -z "$non2xx" ] && [ "$errors" = 0 ]
