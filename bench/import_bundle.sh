#!/usr/bin/env bash
# Time `import_season` on the whole openfootball bundle (Liga MX and Liga de Expansión MX,
# 2010-11 to 2024-25: 79 tournament parts, ~6,300 matches), into an empty database, then
# a second time (which must change nothing).
#
#   bench/import_bundle.sh                                    # throw-away SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/liguilla_bench bench/import_bundle.sh
#     (the PostgreSQL database is dropped and created again: use a scratch name)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BUNDLE=${BUNDLE:-data/openfootball-mexico}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
else
  name=${DATABASE_URL##*/}
  base=${DATABASE_URL%/*}
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
fi
"$PY" manage.py migrate -v 0
echo "first import (empty database):"
/usr/bin/time -o "$WORK/time" -f "  %e s wall, %U s user" "$PY" manage.py import_season \
  "$BUNDLE" -v 0 2>"$WORK/first.err" || { cat "$WORK/first.err"; exit 1; }
cat "$WORK/time"
grep -c '^warning' "$WORK/first.err" | sed 's/^/  warnings (corrections and stated facts, see docs\/rules.md): /'
echo "second import (must change nothing):"
/usr/bin/time -o "$WORK/time" -f "  %e s wall, %U s user" "$PY" manage.py import_season \
  "$BUNDLE" 2>/dev/null >"$WORK/second.out"
cat "$WORK/time"
changed=$(grep -v '^Read' "$WORK/second.out" | grep -vc 'nothing changed' || true)
echo "  tournament parts changed: $changed"
