#!/usr/bin/env bash
# Page speed of the public site in production: gunicorn with the production settings on
# PostgreSQL (+ Redis when it answers), wrk on loopback only, bounded in time.
#
#   make bench                                  # or bench/run.sh
#   DURATION=10s CONNECTIONS=32 WEB_CONCURRENCY=5 PORT=8002 bench/run.sh
#   COLD=0 bench/run.sh                         # warm pages and revalidations only
#   WARM=0 bench/run.sh                         # revalidations and cold pages only
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/liguilla_bench  (dropped and rebuilt)
#   BENCH_REDIS_URL=redis://127.0.0.1:6379/0    (keys under a prefix unique to the run)
#
# Builds the database (the 2011 Apertura + a 64-team tournament with ~300 goals), collects
# static files, serves the site with gunicorn as `make serve` does, behind a pretend
# TLS proxy (X-Forwarded-Proto: https, as the README's proxy sends), and measures in one
# run: a trivial view (same middleware, no database), a static file, every public page
# warm (from the page cache) and cold (rendered: `?cold=1` takes the cold path, version
# read, render, compression, and keeps nothing, so every request renders; see
# bench/settings.py), and a revalidation (304). Prints req/s, the ratio to
# the trivial view, p50/p99 latency, and each worker's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
BIN=$(dirname "$PY")
PORT=${PORT:-8002}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
# As `make serve` runs it: 2 × cores + 1 sync workers (the extra workers overlap the
# waits on Redis and PostgreSQL, which a trivial view does not have).
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}
DB_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/liguilla_bench}
DB_NAME=${DB_URL##*/}
WORK=$(mktemp -d)

export DATABASE_URL=$DB_URL
export DJANGO_SECRET_KEY=bench-only-$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9)
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https
# The production settings plus the trivial view and `?cold=1` (bench/settings.py).
export DJANGO_SETTINGS_MODULE=bench.settings
export PAGE_CACHE_TIMEOUT=900
unset DJANGO_DEBUG
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}
if "$PY" -c "import redis,sys; redis.Redis.from_url('$REDIS', socket_timeout=1).ping()" 2>/dev/null; then
  export REDIS_URL=$REDIS CACHE_KEY_PREFIX=bench-$$
  CACHE="Redis ($REDIS)"
else
  unset REDIS_URL
  CACHE="local memory (Redis not answering)"
fi

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME" postgres >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB_NAME" postgres >/dev/null
"$PY" bench/seed.py >/dev/null
DJANGO_DEBUG=1 "$PY" manage.py compilemessages --ignore=.venv -v 0
"$PY" manage.py collectstatic --noinput -v 0
"$BIN/gunicorn" liguilla.wsgi --bind "127.0.0.1:$PORT" --workers "$WEB_CONCURRENCY" \
  --threads "${GUNICORN_THREADS:-1}" --forwarded-allow-ips 127.0.0.1 \
  --pid "$WORK/gunicorn.pid" >"$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  if [ -n "${REDIS_URL:-}" ]; then
    "$PY" -c "import redis; r=redis.Redis.from_url('$REDIS'); [r.delete(k) for k in r.scan_iter('bench-$$:*')]" || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"
HDR=(-H "X-Forwarded-Proto: https" -H "Accept-Encoding: gzip")
for _ in $(seq 100); do curl -sf -o /dev/null "${HDR[@]}" "$BASE/bench/trivial/" && break; sleep 0.2; done

T7=/liga-de-ascenso/2011-12/apertura-2011
T64=/liga-de-ascenso/2030-31/torneo-grande
PAGES7=(/ /en/ /liga-de-ascenso/ /liga-de-ascenso/2011-12/ $T7/ $T7/bracket/ $T7/results/
  $T7/scorers/ $T7/round-1/tie-1/leg-2/ $T7/season.json /liga-de-ascenso/scorers/
  /teams/correcaminos/ /players/eder-pacheco/)
PAGES64=(/liga-de-ascenso/2030-31/ $T64/ $T64/bracket/ $T64/results/ $T64/scorers/
  $T64/round-1/tie-1/leg-2/)
STATIC=$(curl -s "${HDR[@]}" --compressed "$BASE/" | grep -o '/static/css/site\.[0-9a-f]*\.css' | head -1)

TRIVIAL_RPS=
wrk_run() {  # url [extra wrk args…] → sets rps p50 p99 errors
  local url=$1; shift
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "${HDR[@]}" "$@" "$BASE$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx/ {print "non-2xx: " $5} /Socket errors/ {print $0}' <<<"$out" | tr '\n' ' ')
}
# Each line's ratio is to the trivial view measured just before it (PAIRED=1, the
# default): on a shared machine the load moves within a run, and a ratio between two
# moments says more about the machine than about the page. PAIRED=0: one baseline.
measure() {  # label url [extra wrk args…]
  local label=$1 url=$2; shift 2
  local status ratio base
  status=$(curl -s -o /dev/null -w '%{http_code}' "${HDR[@]}" "$@" "$BASE$url")
  case $status in 200|304) ;; *) echo "$url answered $status" >&2; exit 1 ;; esac
  if [ "${PAIRED:-1}" = 1 ] && [ -n "$TRIVIAL_RPS" ]; then
    wrk_run /bench/trivial/
    base=$rps
  else
    base=$TRIVIAL_RPS
  fi
  wrk_run "$url" "$@"
  [ -n "$TRIVIAL_RPS" ] || { TRIVIAL_RPS=$rps; base=$rps; }
  ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
  printf "%-58s %9s %6s %9s %9s %9s %s\n" "$label" "$rps" "$ratio" "$base" "$p50" "$p99" "$errors"
}

echo "gunicorn: $WEB_CONCURRENCY workers × ${GUNICORN_THREADS:-1} threads; PostgreSQL $DB_NAME; cache: $CACHE"
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per line; $(nproc) cores"
printf "%-58s %9s %6s %9s %9s %9s\n" "url" "req/s" "×triv" "triv/s" "p50" "p99"
measure "trivial view" /bench/trivial/
measure "static file" "$STATIC"
if [ "${WARM:-1}" = 1 ]; then
  for page in "${PAGES7[@]}" "${PAGES64[@]}"; do
    curl -s -o /dev/null "${HDR[@]}" "$BASE$page"  # fill the cache
    measure "warm $page" "$page"
  done
fi
# Revalidations before the cold pages: wrk leaves a backlog of slow cold requests behind
# in the workers' queues, which would slow whatever is measured next.
ETAG=$(curl -s -D - -o /dev/null "${HDR[@]}" "$BASE$T7/bracket/" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
measure "304 $T7/bracket/" "$T7/bracket/" -H "If-None-Match: $ETAG"
ETAG=$(curl -s -D - -o /dev/null "${HDR[@]}" "$BASE$T64/results/" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
measure "304 $T64/results/" "$T64/results/" -H "If-None-Match: $ETAG"
# The baseline again: how much the machine drifted during the run.
measure "trivial view (again)" /bench/trivial/
if [ "${COLD:-1}" = 1 ]; then
  # The floor: one query and the page shell, the least a cold page can cost (bench/urls.py).
  measure "cold floor (1 query + page shell)" "/bench-floor/?cold=1"
  sleep 2
  for page in "${PAGES7[@]}" "${PAGES64[@]}"; do
    measure "cold $page" "$page?cold=1"
    sleep 2  # let the workers drain the requests wrk left queued
  done
fi

echo "peak RSS per worker (VmHWM):"
for pid in $(pgrep -P "$(cat "$WORK/gunicorn.pid")"); do
  printf "  worker %s: %s\n" "$pid" "$(awk '/VmHWM/ {print $2, $3}' "/proc/$pid/status")"
done
