#!/usr/bin/env bash
# Page speed of the public site with wrk, on loopback only and for a bounded time.
#
#   bench/run.sh                 # 10 s per page, 4 connections, 2 threads
#   DURATION=30s CONNECTIONS=8 bench/run.sh
#
# Builds a throw-away SQLite database (the 2011 Apertura + a 64-team tournament with
# ~300 goals), collects static files (into staticfiles/), serves the site with DEBUG off on 127.0.0.1:8002
# and prints one line per page: requests/s and latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
PORT=${PORT:-8002}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-2}
WORK=$(mktemp -d)
export DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only DJANGO_ALLOWED_HOSTS=127.0.0.1

"$PY" bench/seed.py >/dev/null
"$PY" manage.py compilemessages --ignore=.venv -v 0
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

BASE="http://127.0.0.1:$PORT"
T7=/liga-de-ascenso/2011-12/apertura-2011
T64=/liga-de-ascenso/2030-31/torneo-grande
PAGES=(
  /
  /liga-de-ascenso/
  $T7/ $T7/bracket/ $T7/results/ $T7/scorers/ $T7/round-1/tie-1/leg-2/
  $T64/ $T64/bracket/ $T64/results/ $T64/scorers/
  /teams/correcaminos/ /players/eder-pacheco/
  /static/css/site.css
)
printf "%-52s %9s %9s %9s %9s\n" "page" "req/s" "p50" "p90" "p99"
for page in "${PAGES[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$page")
  [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$page")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p90=$(awk '$1=="90%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf "%-52s %9s %9s %9s %9s\n" "$page" "$rps" "$p50" "$p90" "$p99"
done
