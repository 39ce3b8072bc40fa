#!/usr/bin/env bash
# The browser checks of the HTML pages (docs/pages.md): Debian's chromium driven by
# playwright-core, axe-core for accessibility. Installs what is missing, idempotently.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
    "${apt[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq chromium >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
    (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi
cargo build --locked --quiet
node tests/browser/check.mjs target/debug/imsplan
