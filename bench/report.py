#!/usr/bin/env python3
"""Turn bench/run.sh's hyperfine JSON and peak-memory lines into a Markdown table."""

import json
import os
import platform
import subprocess
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "bench/out"


def median(name):
    p = os.path.join(out, name + ".json")
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as f:
        return json.load(f)["results"][0]["median"]


def ms(x):
    return "–" if x is None else f"{x * 1000:.1f} ms"


def ratio(a, b):
    return "–" if a is None or b is None else f"{a / b:.2f}×"


mem = {}
with open(os.path.join(out, "memory.txt"), encoding="utf-8") as f:
    for line in f:
        k, v = line.split()
        mem[k] = int(v) / 1024

cpu = ""
try:
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    cpu = next((l.split(":", 1)[1].strip() for l in cpu.splitlines() if l.startswith("Model name")), "")
except OSError:
    pass
print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, {cpu}; {platform.system()} {platform.release()}")
print()
print("| input | steps | imsplan validate | bare parse | sourcemeta jsonschema | check-jsonschema | imsplan / bare | sourcemeta / imsplan | check-jsonschema / imsplan | µs per step | peak RSS imsplan | peak RSS bare | peak RSS sourcemeta |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def mb(key):
    return f"{mem[key]:.0f} MB" if key in mem else "–"


for n in [100, 1000, 10000, 50000]:
    size = os.path.getsize(os.path.join(out, f"plan-{n}.yaml"))
    i, b, s, j = median(f"imsplan-{n}"), median(f"bare-{n}"), median(f"sourcemeta-{n}"), median(f"jsonschema-{n}")
    print(
        f"| plan-{n}.yaml ({size / 1e6:.2f} MB) | {n} | {ms(i)} | {ms(b)} | {ms(s)} | {ms(j)} | {ratio(i, b)} | {ratio(s, i)} | {ratio(j, i)} "
        f"| {i / n * 1e6:.1f} | {mb(f'imsplan-{n}')} | {mb(f'bare-{n}')} | {mb(f'sourcemeta-{n}')} |"
    )
i, b, s, j = median("imsplan-many"), median("bare-many"), median("sourcemeta-many"), median("jsonschema-many")
print(
    f"| many/ (1,000 files) | 10–29 each | {ms(i)} | {ms(b)} | {ms(s)} | {ms(j)} | {ratio(i, b)} | {ratio(s, i)} | {ratio(j, i)} "
    f"| – | {mb('imsplan-many')} | – | {mb('sourcemeta-many')} |"
)
print()
print("Plans with findings (every environment with a build that does not match its version, IMS008, exit 1):")
print()
print("| input | with findings | clean | findings / clean | peak RSS with findings |")
print("|---|---|---|---|---|")
for n in [10000, 50000]:
    f, c = median(f"findings-{n}"), median(f"imsplan-{n}")
    print(f"| findings-{n}.yaml | {ms(f)} | {ms(c)} | {ratio(f, c)} | {mb(f'findings-{n}')} |")
print()
print(f"Startup (`validate plans/acme-managed.yaml`, 9 steps): median {ms(median('imsplan-startup'))}.")
