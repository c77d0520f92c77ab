#!/usr/bin/env bash
# A match night, measured in one run: the whole bundle loaded on PostgreSQL, `gunicorn -w 2`
# with the production settings, Redis, the worker that renders again in the background
# the pages a write touched (tournaments/rerender.py), and wrk -c32 sending each request
# to a random one of the public pages within two clicks of the home page
# (bench/matchnight.lua). Three phases with the worker, then the same three without it:
#   quiet    nothing written;
#   write    the newest leg's kick-off moved through the ORM every 2 s, as staff do;
#   rename   the club on the most pages renamed every 2 s (the widest write).
# After each write a checker asks for one page it touched and counts it stale when the new
# fact is not there (bench/matchnight.py). Prints req/s, the ratio to the quiet phase,
# p50/p99, non-2xx answers, writes and stale reads per phase, with the load average; first
# the trivial view, one warm page and its 304 (ratios to the trivial view, paired, the
# median of PAIRS pairs: 3 unless set). ROUNDS=3 runs the phases with the worker three
# times in turn and gives the median ratio of each kind of write.
#
#   make bench                                   # runs it after bench/run.sh
#   bench/matchnight.sh
#   DURATION=20 CONNECTIONS=32 PORT=8004 bench/matchnight.sh
#   REUSE_DB=1 bench/matchnight.sh               # keep the database of the last run
#   WITHOUT_WORKER=0 bench/matchnight.sh         # the phases with the worker only
#   WORKER_NICE=0 bench/matchnight.sh            # the worker at gunicorn's priority (default
#                                                # 10, as `make serve` and README's unit)
#   BENCH_MATCHNIGHT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/liguilla_matchnight
#   BENCH_REDIS_URL=redis://127.0.0.1:6379/0     (keys under a prefix unique to the run)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
PORT=${PORT:-8004}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
PAGES_LIMIT=${PAGES_LIMIT:-200}
DB_URL=${BENCH_MATCHNIGHT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/liguilla_matchnight}
DB_NAME=${DB_URL##*/}
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}
WORK=$(mktemp -d)

export DATABASE_URL=$DB_URL
export DJANGO_SECRET_KEY=bench-only-$(head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9)
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https
# The production settings plus the trivial view (bench/settings.py).
export DJANGO_SETTINGS_MODULE=bench.settings
export REDIS_URL=$REDIS CACHE_KEY_PREFIX=matchnight-$$
unset DJANGO_DEBUG
"$PY" -c "import redis; redis.Redis.from_url('$REDIS', socket_timeout=1).ping()" ||
  { echo "Redis does not answer at $REDIS" >&2; exit 1; }

if [ "${REUSE_DB:-0}" != 1 ]; then
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB_NAME" postgres >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB_NAME" postgres >/dev/null
  "$PY" manage.py migrate -v 0
  "$PY" manage.py import_season data/2011-apertura-liguilla.txt >/dev/null
  "$PY" manage.py import_season data/openfootball-mexico -v 0 2>/dev/null
  "$PY" manage.py load_nicknames >/dev/null
  "$PY" manage.py load_titles >/dev/null
fi
DJANGO_DEBUG=1 "$PY" manage.py compilemessages --ignore=.venv -v 0
"$PY" manage.py collectstatic --noinput -v 0

"$BIN/gunicorn" liguilla.wsgi --bind "127.0.0.1:$PORT" --workers 2 \
  --forwarded-allow-ips 127.0.0.1 >"$WORK/server.log" 2>&1 &
SERVER=$!
WORKER=
start_worker() {
  DJANGO_LOG_LEVEL=INFO nice -n "${WORKER_NICE:-10}" "$PY" manage.py rerender_worker -v 0 >>"$WORK/worker.log" 2>&1 &
  WORKER=$!
}
touch "$WORK/worker.log"
stop_worker() {
  if [ -n "$WORKER" ]; then kill "$WORKER" 2>/dev/null || true; wait "$WORKER" 2>/dev/null || true; fi
  WORKER=
}
cleanup() {
  stop_worker
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  "$PY" -c "import redis; r=redis.Redis.from_url('$REDIS'); [r.delete(k) for k in r.scan_iter('*matchnight-$$*')]" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"
HDR=(-H "X-Forwarded-Proto: https" -H "Accept-Encoding: gzip")
for _ in $(seq 100); do curl -sf -o /dev/null "${HDR[@]}" "$BASE/bench/trivial/" && break; sleep 0.2; done

"$PY" bench/matchnight.py crawl "$BASE" "$PAGES_LIMIT" >"$WORK/pages"
export PAGES=$WORK/pages
for page in $(cat "$PAGES"); do curl -s -o /dev/null "${HDR[@]}" "$BASE$page"; done  # warm

wrk_run() {  # seconds url [extra wrk args…] → sets rps p50 p99 non2xx
  local seconds=$1 url=$2; shift 2
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency "${HDR[@]}" "$@" "$BASE$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx/ {print $5}' <<<"$out")
  non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {$1=$2=""; print}' <<<"$out")
}
load() { awk '{print $1 "/" $2 "/" $3}' /proc/loadavg; }
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "gunicorn: 2 sync workers; PostgreSQL $DB_NAME; Redis $REDIS; $(wc -l <"$PAGES") pages"
echo "wrk: 2 threads, $CONNECTIONS connections, ${DURATION}s a phase; $(nproc) cores"
start_worker

# The warm page and the 304 against the trivial view, each paired with one just before,
# PAIRS times in turn (the machine is shared: its speed drifts between runs and within
# one); the median of the pairs' ratios is the figure.
HOME_ETAG=$(curl -s -D - -o /dev/null "${HDR[@]}" "$BASE/" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
printf "%-26s %9s %6s %9s %9s %9s %s\n" "" "req/s" "×triv" "triv/s" "p50" "p99" "load"
declare -A RATIOS
for pair in $(seq "${PAIRS:-3}"); do
  for line in "warm /|/" "304 /|/|-H|If-None-Match: $HOME_ETAG"; do
    IFS='|' read -r label url flag value <<<"$line"
    wrk_run 8 /bench/trivial/; base=$rps
    if [ -n "${flag:-}" ]; then wrk_run 8 "$url" "$flag" "$value"; else wrk_run 8 "$url"; fi
    ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
    RATIOS[$label]+="$ratio "
    printf "%-26s %9s %6s %9s %9s %9s %s\n" "$label ($pair)" "$rps" "$ratio" "$base" "$p50" "$p99" "$(load)"
  done
done
for label in "warm /" "304 /"; do
  printf "%-26s median ×triv %s of %s\n" "$label" \
    "$(median "${RATIOS[$label]}")" \
    "${RATIOS[$label]% }"
done

phase() {  # label writes(none|kickoff|rename)
  local label=$1 kind=$2 checked="-" logged
  logged=$(wc -l <"$WORK/worker.log")
  if [ "$kind" != none ]; then
    rm -f "$WORK/ready"
    READY_FILE="$WORK/ready" "$PY" bench/matchnight.py write "$BASE" "$((DURATION - 1))" "$kind" >"$WORK/writes" &
    local writer=$!
    # The load starts once the writer has started (Django loaded): its start-up is no write.
    for _ in $(seq 100); do [ -e "$WORK/ready" ] && break; sleep 0.1; done
  fi
  wrk_run "$DURATION" / -s bench/matchnight.lua
  if [ "$kind" != none ]; then wait "$writer"; checked=$(cat "$WORK/writes"); fi
  [ "$kind" != none ] || QUIET=$rps
  local ratio
  ratio=$(awk -v a="$rps" -v b="$QUIET" 'BEGIN {printf "%.2f", a / b}')
  PHASE_RATIOS[$kind]+="$ratio "
  printf "%-26s %9s %6s %9s %9s %7s %-34s %s %s\n" "$label" "$rps" "$ratio" "$p50" "$p99" \
    "$non2xx" "$checked" "$(load)" "$errors"
  # What the worker did: jobs, pages asked for, seconds per job; the jobs a write waited
  # for before it was published (prepared) apart from those after it.
  tail -n +"$((logged + 1))" "$WORK/worker.log" | awk '
    /pages a write touched, prepared/ { pj++; pp += $1; ps += $(NF-1); next }
    /pages a write touched/ { jobs++; pages += $1; secs += $(NF-1) }
    END {
      if (pj) printf "%26s worker: %d jobs before publishing, %.1f pages and %.2f s a job\n", "", pj, pp / pj, ps / pj
      if (jobs) printf "%26s worker: %d jobs after, %.1f pages and %.2f s a job\n", "", jobs, pages / jobs, secs / jobs }'
  sleep 3  # the renders a phase left behind
}

echo
printf "%-26s %9s %6s %9s %9s %7s %-34s %s\n" "phase" "req/s" "×quiet" "p50" "p99" "non-2xx" "checker" "load"
declare -A PHASE_RATIOS
# ROUNDS times (1 unless set) in turn, each write phase measured against the quiet phase
# just before it; with more than one, the median ratio of each write is the figure.
for round in $(seq "${ROUNDS:-1}"); do
  phase "quiet (worker)" none
  phase "write every 2 s (worker)" kickoff
  phase "rename every 2 s (worker)" rename
done
if [ "${ROUNDS:-1}" -gt 1 ]; then
  for kind in kickoff rename; do
    printf "%-26s median ×quiet %s of %s\n" "$kind (worker)" \
      "$(median "${PHASE_RATIOS[$kind]}")" \
      "${PHASE_RATIOS[$kind]% }"
  done
fi
if [ "${WITHOUT_WORKER:-1}" = 1 ]; then
  stop_worker
  phase "quiet (no worker)" none
  phase "write every 2 s (no worker)" kickoff
  phase "rename every 2 s (no worker)" rename
fi
# grep -c exits 1 when it counts none: that is the good case, not a failure.
errors=$({ grep -c "Traceback" "$WORK/server.log" "$WORK/worker.log" || true; } | awk -F: '{s += $2} END {print s}')
echo "tracebacks in the server and worker logs: $errors"
