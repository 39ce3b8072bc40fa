#!/usr/bin/env bash
# Benchmarks of `imsplan validate` (issue 8), side by side with check-jsonschema on the
# same files and schema, and a bare serde-saphyr parse as the floor.
#
#   bench/run.sh            # everything (the 50,000-step check-jsonschema run is slow)
#   QUICK=1 bench/run.sh    # fewer runs, skip check-jsonschema on the two largest plans
#
# Needs: cargo, python3, hyperfine (apt-get install hyperfine), check-jsonschema
# (pip install check-jsonschema), GNU time (/usr/bin/time, apt-get install time).
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

# Every generated plan must be clean, or the timings compare failures.
"$IMSPLAN" validate --format short "$OUT"/plan-*.yaml "$OUT/many" >/dev/null

bench() { # name runs command…
  local name=$1 runs=$2; shift 2
  hyperfine --style none --warmup 1 --runs "$runs" -N --export-json "$OUT/$name.json" "$*" >/dev/null 2>&1 \
    || hyperfine --style none --warmup 1 --runs "$runs" --export-json "$OUT/$name.json" "$*" >/dev/null
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
  if have check-jsonschema && { [ -z "${QUICK:-}" ] || [ "$n" -le 1000 ]; }; then
    cruns=$runs; [ "$n" -ge 10000 ] && cruns=2
    bench "jsonschema-$n" "$cruns" check-jsonschema --schemafile "$SCHEMA" "$f"
  fi
  echo "imsplan-$n $(peak "$IMSPLAN" validate "$f")" >> "$OUT/memory.txt"
  echo "bare-$n $(peak "$BARE" "$f")" >> "$OUT/memory.txt"
done

bench "imsplan-many" "$RUNS" "$IMSPLAN" validate "$OUT/many"
bench "bare-many" "$RUNS" "$BARE" "$OUT"/many/*.yaml
if have check-jsonschema; then
  bench "jsonschema-many" 2 check-jsonschema --schemafile "$SCHEMA" "$OUT"/many/*.yaml
fi
echo "imsplan-many $(peak "$IMSPLAN" validate "$OUT/many")" >> "$OUT/memory.txt"
bench "imsplan-startup" 50 "$IMSPLAN" validate plans/acme-managed.yaml

python3 bench/report.py "$OUT" | tee "$OUT/results.md"
