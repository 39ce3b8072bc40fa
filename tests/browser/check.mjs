// Headless Chromium checks of the HTML pages (docs/pages.md): every page generated
// from the bundled plans and from a plan full of hostile text must load with no
// console error, no network request and nothing executed from plan text; its
// screenshot must not be blank; print-to-PDF must give the expected page count; axe-core
// must find no serious or critical violation. Screenshots go to docs/screenshots/.
//
// Usage: node tests/browser/check.mjs IMSPLAN_BINARY   (run from the repository root)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const bin = path.resolve(process.argv[2] ?? "target/debug/imsplan");
const NOW = "2026-12-08T09:00:00Z";
const out = fs.mkdtempSync(path.join(os.tmpdir(), "imsplan-pages-"));
const shots = "docs/screenshots";
fs.mkdirSync(shots, { recursive: true });

// The hostile plan of tests/hostile_text.rs, and a marker any injected script would set.
const hostile = `format: 1
name: hostile
title: "Plan <script>window.__pwned=1</script> <img src=x onerror=window.__pwned=2> | \`x\`"
start: 2026-12-07T08:00:00Z
environments:
  stage:
    role: stage
    hosting: on-premise
    version: 7.4.1
    instances: ["mkt"]
steps:
  - id: users-stage
    env: stage
    kind: migrate-users
    duration: 1h
    title: "Evil <script>alert(1)</script> [a](javascript:alert(1)) <svg onload=alert(1)>"
    owner: "Ops <img src=x onerror=alert(1)> **bold** <style>*{display:none}</style>"
    evidence: "javascript:alert(1)"
    notes: |
      <script>alert('notes')</script> <iframe src="https://example.com/"></iframe>
      <link rel=stylesheet href="https://example.com/x.css">
  - id: operators-stage
    env: stage
    kind: migrate-operators
    duration: 2h
    owner: "<a href=https://example.com>x</a>"
    evidence: "https://example.com/ok\\" onmouseover=\\"alert(1)"
    operators:
      - name: "op<script>"
        instance: marketing
        credential: oauth-server-to-server
        profile: "campaign - mkt - x<b>y"
`;
const hostileDir = path.join(out, "hostile");
fs.mkdirSync(hostileDir);
fs.writeFileSync(path.join(hostileDir, "hostile.yaml"), hostile);

function imsplan(args, file) {
  execFileSync(bin, [...args, "-o", file], { stdio: ["ignore", "ignore", "pipe"] });
  return file;
}

const pages = [];
for (const f of fs.readdirSync("plans").filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const stem = f.replace(/\.ya?ml$/, "");
  pages.push({ name: `runbook-${stem}`, kind: "runbook", file: imsplan(["runbook", `plans/${f}`, "--format", "html"], path.join(out, `runbook-${stem}.html`)), shot: true });
}
pages.push({ name: "status", kind: "status", file: imsplan(["status", "plans", "--format", "html", "--now", NOW], path.join(out, "status.html")), shot: true });
pages.push({ name: "runbook-hostile", kind: "runbook", file: imsplan(["runbook", path.join(hostileDir, "hostile.yaml"), "--format", "html"], path.join(out, "runbook-hostile.html")), hostile: true });
pages.push({ name: "status-hostile", kind: "status", file: imsplan(["status", hostileDir, "--format", "html", "--now", NOW], path.join(out, "status-hostile.html")), hostile: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const failures = [];
const fail = (page, what) => failures.push(`${page.name}: ${what}`);

for (const p of pages) {
  // bypassCSP: the page's own policy must not be what keeps plan text inert.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page.on("console", (m) => { if (m.type() === "error") fail(p, `console error: ${m.text()}`); });
  page.on("pageerror", (e) => fail(p, `page error: ${e.message}`));
  page.on("dialog", async (d) => { fail(p, `dialog opened: ${d.message()}`); await d.dismiss(); });
  await page.goto("file://" + p.file, { waitUntil: "load" });
  if (requests.length) fail(p, `network requests: ${requests.join(", ")}`);
  const dom = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    scripts: document.scripts.length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
    foreign: [...document.querySelectorAll("iframe, img, link, object, embed, script, style")].length,
    badLinks: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")).filter((h) => !h.startsWith("#") && !h.startsWith("https://")),
    text: document.body.innerText.length,
  }));
  if (dom.pwned !== null) fail(p, "a script from plan text ran");
  if (dom.scripts || dom.handlers) fail(p, `${dom.scripts} scripts, ${dom.handlers} event handlers in the DOM`);
  if (dom.foreign !== 1) fail(p, `${dom.foreign} iframe/img/link/object/script/style elements (only the page's own style expected)`);
  if (dom.badLinks.length) fail(p, `links that are not anchors or https: ${dom.badLinks.join(", ")}`);
  if (dom.text < 200) fail(p, "almost no text");

  // A screenshot that is not blank: many distinct colours in the top of the page.
  const png = await page.screenshot({ fullPage: false });
  if (png.length < 20000) fail(p, `screenshot looks blank (${png.length} bytes)`);
  if (p.shot) fs.writeFileSync(path.join(shots, `${p.name}.png`), png);
  if (p.shot) {
    await page.setViewportSize({ width: 390, height: 844 });
    const phone = await page.screenshot();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) fail(p, `wider than a phone (${overflow}px of horizontal scroll)`);
    if (p.name === "runbook-acme-managed" || p.name === "status") fs.writeFileSync(path.join(shots, `${p.name}-phone.png`), phone);
    await page.setViewportSize({ width: 1200, height: 900 });
  }

  // Accessibility: axe-core in the page, no serious or critical violation.
  await page.evaluate(AXE);
  const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  for (const v of axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    fail(p, `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target})`);
  }

  // Print: one printed section before the waves, then a new page per wave chapter;
  // a section longer than a page continues on the next ones. The expected count is
  // measured in the print layout: ceil(height / page height) per section.
  await page.emulateMedia({ media: "print" });
  const mm = 96 / 25.4;
  const expected = await page.evaluate(({ contentW, contentH }) => {
    document.body.style.width = contentW + "px";
    const waves = [...document.querySelectorAll("section.wave")];
    const all = document.body.getBoundingClientRect();
    const tops = waves.map((w) => w.getBoundingClientRect().top);
    const bounds = [all.top, ...tops, all.bottom];
    let pages = 0;
    for (let k = 0; k + 1 < bounds.length; k++) pages += Math.max(1, Math.ceil((bounds[k + 1] - bounds[k] - 1) / contentH));
    document.body.style.width = "";
    return { pages, sections: bounds.length - 1 };
  }, { contentW: (210 - 28) * mm, contentH: (297 - 28) * mm });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const count = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  if (p.kind === "runbook" && count < expected.sections) fail(p, `PDF has ${count} pages, fewer than its ${expected.sections} printed sections: a wave does not start a page`);
  // Steps are kept whole on a page (break-inside: avoid), which adds some pages to
  // the measured estimate: allow up to a third more.
  if (count < expected.pages - 1 || count > Math.ceil(expected.pages * 4 / 3) + 1) fail(p, `PDF has ${count} pages, expected about ${expected.pages}`);
  console.log(`${p.name}: ok — ${axe.violations.length} minor axe findings, PDF ${count} pages (expected ${expected.pages}, ${expected.sections} sections)`);
  await context.close();
}
await browser.close();
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`${pages.length} pages checked in Chromium`);
