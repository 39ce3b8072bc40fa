"""A real LSP client session against `imsplan lsp` (pygls's LanguageClient).

Usage: client.py IMSPLAN WORKDIR, where WORKDIR holds a copy of the bundled plans
(`plans/`). For every bundled plan and for broken copies, the diagnostics published on
open must equal `imsplan validate --format json` on the same file (code, severity,
message, range, Adobe page); then a quick fix is applied through the client, the
diagnostics clear, and hover, definition and completion answer. Exits non-zero with a
message on the first difference.
"""

import asyncio
import json
import pathlib
import subprocess
import sys

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

IMSPLAN = sys.argv[1]
WORK = pathlib.Path(sys.argv[2]).resolve()
TIMEOUT = 120.0

published: dict = {}
changed = asyncio.Event()


def fail(message):
    print(f"lsp client test: {message}", file=sys.stderr)
    sys.exit(1)


def uri_of(path: pathlib.Path) -> str:
    return path.as_uri()


def utf16_position(data: bytes, byte: int) -> tuple:
    """LSP position (0-based line, UTF-16 column) of a byte offset."""
    before = data[:byte]
    line = before.count(b"\n")
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8").encode("utf-16-le")) // 2
    return (line, column)


def expected(path: pathlib.Path) -> dict:
    """`validate --format json` on a file, as {uri: sorted diagnostics}."""
    out = subprocess.run(
        [IMSPLAN, "validate", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode not in (0, 1):
        fail(f"validate exited {out.returncode} on {path}: {out.stderr}")
    doc = json.loads(out.stdout)
    result: dict = {}
    for d in doc["diagnostics"]:
        file = pathlib.Path(d["file"])
        data = file.read_bytes()
        r = d["range"]
        result.setdefault(uri_of(file), []).append(
            (
                d["code"],
                d["severity"],
                d["message"],
                utf16_position(data, r["start"]["byte"]),
                utf16_position(data, r["end"]["byte"]),
                d["url"],
            )
        )
    return {k: sorted(v) for k, v in result.items()}


SEVERITY = {1: "error", 2: "warning", 3: "info", 4: "info"}


def got(uri: str) -> list:
    params = published.get(uri)
    if params is None:
        return []
    return sorted(
        (
            d.code,
            SEVERITY[d.severity],
            d.message,
            (d.range.start.line, d.range.start.character),
            (d.range.end.line, d.range.end.character),
            d.code_description.href if d.code_description else None,
        )
        for d in params.diagnostics
    )


async def wait_for(uri: str, version, what: str):
    """Wait until diagnostics for `uri` (at `version`, when given) are published."""

    async def loop():
        while True:
            p = published.get(uri)
            if p is not None and (version is None or p.version == version):
                return p
            changed.clear()
            await changed.wait()

    try:
        return await asyncio.wait_for(loop(), TIMEOUT)
    except asyncio.TimeoutError:
        fail(f"no diagnostics for {what} within {TIMEOUT}s")


def compare(path: pathlib.Path, uris: list):
    want = expected(path)
    for uri in set(uris) | set(want):
        if got(uri) != want.get(uri, []):
            fail(
                f"diagnostics of {uri} differ from validate:\n"
                f"  lsp:      {got(uri)}\n  validate: {want.get(uri, [])}"
            )
    return want


def position_of(text: str, needle: str, nth: int = 0, delta: int = 0) -> t.Position:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    i += delta
    line = text.count("\n", 0, i)
    col = len(text[text.rfind("\n", 0, i) + 1 : i].encode("utf-16-le")) // 2
    return t.Position(line=line, character=col)


def apply_edits(text: str, edits) -> str:
    lines = text.split("\n")

    def offset(p):
        return sum(len(l) + 1 for l in lines[: p.line]) + p.character

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        a, b = offset(e.range.start), offset(e.range.end)
        text = text[:a] + e.new_text + text[b:]
    return text


async def main():
    client = LanguageClient("imsplan-lsp-test", "1")

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: t.PublishDiagnosticsParams):
        published[params.uri] = params
        changed.set()

    await client.start_io(IMSPLAN, "lsp")
    init = await client.initialize_async(
        t.InitializeParams(capabilities=t.ClientCapabilities(), root_uri=uri_of(WORK))
    )
    if init.server_info is None or init.server_info.name != "imsplan":
        fail(f"unexpected server info {init.server_info}")
    client.initialized(t.InitializedParams())

    # 1. Every bundled plan: the same findings as validate (none for a good plan).
    plans = sorted((WORK / "plans").glob("*.yaml"))
    if not plans:
        fail(f"no plans in {WORK / 'plans'}")
    for path in plans:
        uri = uri_of(path)
        client.text_document_did_open(
            t.DidOpenTextDocumentParams(
                text_document=t.TextDocumentItem(
                    uri=uri, language_id="yaml", version=1, text=path.read_text()
                )
            )
        )
        await wait_for(uri, 1, path.name)
        compare(path, [uri])

    # 2. A broken copy: a misspelt environment, an unknown dependency, a misspelt kind,
    #    and an operators CSV (read next to the plan) with a row without email.
    source = (WORK / "plans" / "hooli-hosted.yaml").read_text()
    broken_dir = WORK / "broken"
    (broken_dir / "exports").mkdir(parents=True, exist_ok=True)
    csv = broken_dir / "exports" / "ops.csv"
    csv.write_text("name,email,type\nalice,,native\nbob,bob@hooli.example,native\n")
    text = source.replace("operators-csv: exports/hooli-stage-operators.csv", "operators-csv: exports/ops.csv", 1)
    text = text.replace("    env: stage\n    kind: migrate-operators", "    env: stagee\n    kind: migrate-operators", 1)
    text += "# see IMS015 for the export\n"
    if "stagee" not in text or "ops.csv" not in text:
        fail("the broken copy could not be made from hooli-hosted.yaml")
    broken = broken_dir / "hooli-broken.yaml"
    broken.write_text(text)
    uri = uri_of(broken)
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    await wait_for(uri, 1, "the broken plan")
    await wait_for(uri_of(csv), None, "the operators CSV")
    want = compare(broken, [uri, uri_of(csv)])
    codes = {d[0] for d in want.get(uri, [])}
    if "P004" not in codes or not want.get(uri_of(csv)):
        fail(f"the broken copy should give P004 and CSV findings, got {want}")

    # A copy that does not load (a misspelt kind, P002): same findings, and a fix.
    typo = broken_dir / "hooli-typo.yaml"
    typo_text = source.replace("kind: enable-restrictions", "kind: enable-restriction", 1)
    typo.write_text(typo_text)
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri_of(typo), language_id="yaml", version=1, text=typo_text)
        )
    )
    await wait_for(uri_of(typo), 1, "the plan with a misspelt kind")
    compare(typo, [uri_of(typo)])
    # The rules still run on what loaded (here IMS015: the copy's export is not next
    # to it), so pick the P002.
    p002 = next(d for d in published[uri_of(typo)].diagnostics if d.code == "P002")
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri_of(typo)),
            range=p002.range,
            context=t.CodeActionContext(diagnostics=[p002]),
        )
    )
    titles = [a.title for a in actions or []]
    if titles != ["replace `enable-restriction` with `enable-restrictions`"]:
        fail(f"quick fix for the misspelt kind: {titles}")

    # 3. Hover: a rule code, a step id, a finding.
    hover = await client.text_document_hover_async(
        t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "IMS015", delta=2),
        )
    )
    if hover is None or "What it checks" not in hover.contents.value:
        fail(f"hover on a rule code: {hover}")
    hover = await client.text_document_hover_async(
        t.HoverParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            position=position_of(text, "id: users-prod", delta=6),
        )
    )
    value = hover.contents.value if hover else ""
    for part in ("users-prod", "migrate-users", "environment: `prod`", "runs after", "window"):
        if part not in value:
            fail(f"hover on a step id lacks {part!r}: {value}")

    # 4. Definition: an `after`-free plan still has `env` references; and environment
    #    `after` items.
    plan_text = text
    definition = await client.text_document_definition_async(
        t.DefinitionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            position=position_of(plan_text, "env: prod", delta=6),
        )
    )
    target = position_of(plan_text, "\n  prod:", delta=3)
    loc = definition[0] if isinstance(definition, list) else definition
    if loc is None or loc.range.start != target:
        fail(f"definition of `env: prod` should be at {target}, got {definition}")
    # `after` references, in a bundled plan that has both kinds.
    acme_path = WORK / "plans" / "acme-managed.yaml"
    acme = acme_path.read_text()
    acme_uri = uri_of(acme_path)

    async def definition_of(needle, delta, target):
        found = await client.text_document_definition_async(
            t.DefinitionParams(
                text_document=t.TextDocumentIdentifier(uri=acme_uri),
                position=position_of(acme, needle, delta=delta),
            )
        )
        loc = found[0] if isinstance(found, list) else found
        if loc is None or loc.uri != acme_uri or loc.range.start != target:
            fail(f"definition at {needle!r} should be {target}, got {found}")

    await definition_of("after: [users-stage]", 10, position_of(acme, "id: users-stage", delta=4))
    await definition_of("after: [stage]", 10, position_of(acme, "\n  stage:", delta=3))

    async def acme_complete(needle: str, delta: int, must: set, never: set):
        items = await client.text_document_completion_async(
            t.CompletionParams(
                text_document=t.TextDocumentIdentifier(uri=acme_uri),
                position=position_of(acme, needle, delta=delta),
            )
        )
        items = items.items if hasattr(items, "items") else items
        labels = {i.label for i in items or []}
        if not must <= labels or labels & never:
            fail(f"completion at {needle!r}: want {must}, not {never}, got {labels}")

    await acme_complete("after: [users-stage]", len("after: ["), {"users-stage", "upgrade-prod"}, {"prod"})
    await acme_complete("after: [stage]", len("after: ["), {"stage", "prod"}, {"users-stage"})

    # 5. Completion: kinds, environment ids, step ids, hostings, credentials.
    async def complete(needle: str, delta: int, must: set):
        items = await client.text_document_completion_async(
            t.CompletionParams(
                text_document=t.TextDocumentIdentifier(uri=uri),
                position=position_of(text, needle, delta=delta),
            )
        )
        items = items.items if hasattr(items, "items") else items
        labels = {i.label for i in items or []}
        if not must <= labels:
            fail(f"completion at {needle!r} lacks {must - labels}: {labels}")

    await complete("kind: migrate-users", len("kind: "), {"migrate-users", "enable-restrictions", "custom"})
    await complete("env: stagee", len("env: "), {"stage", "prod"})
    await complete("hosting: ", len("hosting: "), {"managed", "hosted", "on-premise"})
    await complete("credential: ", len("credential: "), {"oauth-server-to-server", "jwt"})

    # 6. Code action: the "did you mean" fix for `stagee`, applied, then the finding
    #    is gone and the diagnostics equal validate on the fixed file.
    p004 = next(d for d in published[uri].diagnostics if d.code == "P004")
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=uri),
            range=p004.range,
            context=t.CodeActionContext(diagnostics=[p004]),
        )
    )
    fixes = [a for a in actions or [] if getattr(a, "edit", None)]
    if not fixes:
        fail(f"no quick fix for {p004.message}")
    edits = fixes[0].edit.changes[uri]
    fixed = apply_edits(text, edits)
    if "env: stagee" in fixed or fixed.count("env: stage\n") != text.count("env: stage\n") + 1:
        fail(f"the quick fix did not replace `stagee` with `stage`: {edits}")
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                t.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits
            ],
        )
    )
    await wait_for(uri, 2, "the fixed plan")
    broken.write_text(fixed)
    compare(broken, [uri, uri_of(csv)])
    if any(d.code == "P004" for d in published[uri].diagnostics):
        fail("P004 is still published after the fix")

    # 7. Edit everything away to a clean plan: every diagnostic clears.
    clean = (WORK / "plans" / "acme-managed.yaml").read_text()
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text=clean)],
        )
    )
    await wait_for(uri, 3, "the cleaned plan")
    if published[uri].diagnostics or published.get(uri_of(csv)).diagnostics:
        fail(f"diagnostics left after the plan became clean: {published[uri].diagnostics}")

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    print("lsp client test: 1 passed, 0 failed")


asyncio.run(main())
