#!/usr/bin/env bash
# Benchmarks of `imsplan validate` (issues 8 and 20), side by side with two schema-only
# validators on the same files and schema (sourcemeta `jsonschema`, native C++, and
# check-jsonschema, Python), and a bare serde-saphyr parse as the floor.
#
#   bench/run.sh            # everything (the 50,000-step check-jsonschema run is slow)
#   QUICK=1 bench/run.sh    # fewer runs, skip check-jsonschema on the two largest plans
#
# Needs: cargo, python3, hyperfine (apt-get install hyperfine), check-jsonschema
# (pip install check-jsonschema), GNU time (/usr/bin/time, apt-get install time), and
# npm for sourcemeta `jsonschema` (`npm install -g @sourcemeta/jsonschema`, done here
# when it is missing). The sourcemeta row runs its native binary directly, not the
# node wrapper, so node's start-up is not counted against it.
# Writes bench/out/ (gitignored): generated plans, hyperfine JSON, results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=bench/out
SCHEMA=schemas/plan.schema.json
RUNS=${RUNS:-10}

cargo build --release --quiet --bin imsplan --example bare_parse
IMSPLAN=target/release/imsplan
BARE=target/release/examples/bare_parse

python3 bench/gen.py "$OUT"

have() { command -v "$1" >/dev/null 2>&1; }
have hyperfine || { echo "hyperfine is missing (apt-get install -y hyperfine)" >&2; exit 2; }
have check-jsonschema || echo "check-jsonschema is missing (pip install check-jsonschema); its column stays empty" >&2
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

# sourcemeta `jsonschema` (npm `@sourcemeta/jsonschema`): installed once, then reused.
sourcemeta() { # → path of the native binary, or nothing
  local root
  root=$(npm root -g 2>/dev/null) || return 0
  local bin="$root/@sourcemeta/jsonschema/build/github-releases/jsonschema-linux-$(uname -m)"
  [ -x "$bin" ] && echo "$bin"
}
SOURCEMETA=$(sourcemeta || true)
if [ -z "$SOURCEMETA" ] && have npm; then
  npm install -g --silent @sourcemeta/jsonschema >&2 || true
  SOURCEMETA=$(sourcemeta || true)
fi
[ -n "$SOURCEMETA" ] || echo "sourcemeta jsonschema is missing (npm install -g @sourcemeta/jsonschema); its column stays empty" >&2

# Plans with findings: the same plans with every environment on a build that does not
# match its version, so each environment carries an error (IMS008, exit 1).
for n in 10000 50000; do
  sed 's/^    build: 9368$/    build: 9000/' "$OUT/plan-$n.yaml" > "$OUT/findings-$n.yaml"
done

# Every generated plan must be clean, or the timings compare failures.
"$IMSPLAN" validate --format short "$OUT"/plan-*.yaml "$OUT/many" >/dev/null

bench() { # name runs [-i] command…   (-i: a non-zero exit is the expected result)
  local name=$1 runs=$2; shift 2
  local opts=()
  [ "$1" = -i ] && { opts=(-i); shift; }
  hyperfine --style none --warmup 1 --runs "$runs" "${opts[@]}" -N --export-json "$OUT/$name.json" "$*" >/dev/null 2>&1 \
    || hyperfine --style none --warmup 1 --runs "$runs" "${opts[@]}" --export-json "$OUT/$name.json" "$*" >/dev/null
}
peak() { # command… → peak RSS in KB
  /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1
}

: > "$OUT/memory.txt"
for n in 100 1000 10000 50000; do
  f="$OUT/plan-$n.yaml"
  runs=$RUNS; [ "$n" -ge 10000 ] && runs=$(( RUNS < 5 ? RUNS : 5 ))
  bench "imsplan-$n" "$runs" "$IMSPLAN" validate "$f"
  bench "bare-$n" "$runs" "$BARE" "$f"
  if [ -n "$SOURCEMETA" ]; then
    bench "sourcemeta-$n" "$runs" "$SOURCEMETA" validate "$SCHEMA" "$f"
    echo "sourcemeta-$n $(peak "$SOURCEMETA" validate "$SCHEMA" "$f")" >> "$OUT/memory.txt"
  fi
  if have check-jsonschema && { [ -z "${QUICK:-}" ] || [ "$n" -le 1000 ]; }; then
    cruns=$runs; [ "$n" -ge 10000 ] && cruns=2
    bench "jsonschema-$n" "$cruns" check-jsonschema --schemafile "$SCHEMA" "$f"
  fi
  echo "imsplan-$n $(peak "$IMSPLAN" validate "$f")" >> "$OUT/memory.txt"
  echo "bare-$n $(peak "$BARE" "$f")" >> "$OUT/memory.txt"
done

for n in 10000 50000; do
  runs=$(( RUNS < 5 ? RUNS : 5 ))
  # exit 1 is the expected result here: hyperfine must not stop on it.
  bench "findings-$n" "$runs" -i "$IMSPLAN" validate "$OUT/findings-$n.yaml"
  echo "findings-$n $(peak "$IMSPLAN" validate "$OUT/findings-$n.yaml")" >> "$OUT/memory.txt"
done

bench "imsplan-many" "$RUNS" "$IMSPLAN" validate "$OUT/many"
bench "bare-many" "$RUNS" "$BARE" "$OUT"/many/*.yaml
if [ -n "$SOURCEMETA" ]; then
  bench "sourcemeta-many" "$RUNS" "$SOURCEMETA" validate "$SCHEMA" "$OUT/many"
  echo "sourcemeta-many $(peak "$SOURCEMETA" validate "$SCHEMA" "$OUT/many")" >> "$OUT/memory.txt"
fi
if have check-jsonschema; then
  bench "jsonschema-many" 2 check-jsonschema --schemafile "$SCHEMA" "$OUT"/many/*.yaml
fi
echo "imsplan-many $(peak "$IMSPLAN" validate "$OUT/many")" >> "$OUT/memory.txt"
bench "imsplan-startup" 50 "$IMSPLAN" validate plans/acme-managed.yaml

python3 bench/report.py "$OUT" | tee "$OUT/results.md"
