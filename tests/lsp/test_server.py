"""`agendalint server` under real clients' capabilities: diagnostics (pushed or pulled)
that match `agendalint check`, code actions whose edits do what `check --fix` does,
typing, config and series changes on disk, hover, and a clean shutdown."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

from conftest import BINARY, TIMEOUT, Client, start
from lsprotocol import types

MEETING = Path("alex") / "2026-11-24.md"


# --- positions in the encoding the server chose ------------------------------------


def _width(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8"))
    if encoding == "utf-16":
        return len(char.encode("utf-16-le")) // 2
    return 1


def offset_of(text: str, position: types.Position, encoding: str) -> int:
    """The character index in `text` of an LSP position."""
    lines = text.split("\n")
    index = sum(len(line) + 1 for line in lines[: position.line])
    units = 0
    for char in lines[position.line] if position.line < len(lines) else "":
        if units >= position.character:
            break
        units += _width(char, encoding)
        index += 1
    return index


def position_of(text: str, index: int, encoding: str) -> types.Position:
    before = text[:index]
    line = before.count("\n")
    start = before.rfind("\n") + 1
    return types.Position(line=line, character=sum(_width(c, encoding) for c in text[start:index]))


def apply(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    spans = sorted(
        (offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), e.new_text)
        for e in edits
    )
    for start, end, new in reversed(spans):
        text = text[:start] + new + text[end:]
    return text


def edits_of(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.changes:
        return list(edit.changes.get(uri, []))
    return [e for change in edit.document_changes or [] if change.text_document.uri == uri for e in change.edits]


# --- the client's side -------------------------------------------------------------


def open_file(client: Client, path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    return uri, text


async def diagnostics(client: Client, uri: str, version: int | None = None) -> list[types.Diagnostic]:
    """The diagnostics of `uri`: pulled, or the last publication for `version`."""
    if client.pulls:
        report = await asyncio.wait_for(
            client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            ),
            TIMEOUT,
        )
        assert report.kind == "full"
        return list(report.items)

    async def published():
        while True:
            for params in reversed(client.publications):
                if params.uri == uri and (version is None or params.version == version):
                    client.publications = [p for p in client.publications if p.uri != uri]
                    return list(params.diagnostics)
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(published(), TIMEOUT)


async def code_actions(client: Client, uri: str, text: str, only: list[str] | None = None) -> list[types.CodeAction]:
    end = position_of(text, len(text), client.encoding)
    result = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=types.Position(line=0, character=0), end=end),
                context=types.CodeActionContext(diagnostics=[], only=only),
            )
        ),
        TIMEOUT,
    )
    actions = list(result or [])
    assert all(isinstance(a, types.CodeAction) for a in actions), actions
    resolved = []
    for action in actions:
        if action.edit is None:
            action = await asyncio.wait_for(client.code_action_resolve_async(action), TIMEOUT)
        resolved.append(action)
    return resolved


def cli_findings(path: Path) -> list[tuple]:
    """`agendalint check FILE --format json`: rule, severity, start, end, message+help."""
    run = subprocess.run([BINARY, "check", str(path), "--format", "json"], capture_output=True, timeout=TIMEOUT)
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    text = path.read_text(encoding="utf-8")
    encoded = text.encode("utf-8")

    def index(byte: int) -> int:
        return len(encoded[:byte].decode("utf-8"))

    return [
        (
            d["rule"],
            d["severity"],
            index(d["span"]["start"]),
            index(d["span"]["end"]),
            f"{d['message']}\nhelp: {d['help']}",
        )
        for d in report["diagnostics"]
    ]


def cli_fixed(path: Path, *flags: str) -> str:
    """What `agendalint check --fix FLAGS` makes of the file at `path`, run on a copy of
    its notes folder."""
    copy = path.parent.parent.with_name(path.parent.parent.name + "-cli")
    shutil.copytree(path.parent.parent, copy)
    target = copy / path.relative_to(path.parent.parent)
    run = subprocess.run([BINARY, "check", "--fix", *flags, str(target)], capture_output=True, timeout=TIMEOUT)
    assert run.returncode in (0, 1), run.stderr
    fixed = target.read_text(encoding="utf-8")
    shutil.rmtree(copy)
    return fixed


SEVERITY = {
    types.DiagnosticSeverity.Error: "error",
    types.DiagnosticSeverity.Warning: "warning",
    types.DiagnosticSeverity.Information: "info",
}


# --- the tests ---------------------------------------------------------------------


async def test_diagnostics_are_the_findings_of_check(client: Client, notes: Path):
    result = await start(client, notes)
    assert result.server_info.name == "agendalint"
    assert (result.capabilities.diagnostic_provider is not None) == client.pulls
    path = notes / MEETING
    uri, text = open_file(client, path)
    found = await diagnostics(client, uri, 1)
    assert found, "the meeting has findings"
    for d in found:
        assert d.source == "agendalint"
        assert d.code_description is not None and d.code_description.href.startswith("file:")
    got = [
        (
            d.code,
            SEVERITY[d.severity],
            offset_of(text, d.range.start, client.encoding),
            offset_of(text, d.range.end, client.encoding),
            d.message,
        )
        for d in found
    ]
    assert got == cli_findings(path)


async def test_quick_fix_and_fix_all_do_what_check_fix_does(client: Client, notes: Path):
    await start(client, notes, {"unsafeFixes": True})
    path = notes / MEETING
    uri, text = open_file(client, path)
    await diagnostics(client, uri, 1)
    actions = await code_actions(client, uri, text)
    rename = next(a for a in actions if a.kind == "quickfix" and "duraton" in a.title)
    assert rename.is_preferred is False, "an unsafe fix is not preferred"
    renamed = apply(text, edits_of(rename.edit, uri), client.encoding)
    assert "duration: 45" in renamed and "duraton" not in renamed
    disable = next(a for a in actions if a.title == "Disable too-few-projects for this line")
    silenced = apply(text, edits_of(disable.edit, uri), client.encoding)
    assert "<!-- agendalint-disable-line too-few-projects -->" in silenced
    fix_all = next(a for a in actions if a.kind == "source.fixAll.agendalint")
    assert fix_all.title.endswith("(as `agendalint check --fix --unsafe-fixes`)"), fix_all.title
    fixed = apply(text, edits_of(fix_all.edit, uri), client.encoding)
    assert fixed != text
    assert fixed == cli_fixed(path, "--unsafe-fixes")


async def test_typing_updates_the_diagnostics(client: Client, notes: Path):
    await start(client, notes)
    path = notes / MEETING
    uri, text = open_file(client, path)
    assert "front-matter-field" in [d.code for d in await diagnostics(client, uri, 1)]
    start_at = text.index("duraton")
    change = types.TextDocumentContentChangePartial(
        range=types.Range(
            start=position_of(text, start_at, client.encoding),
            end=position_of(text, start_at + len("duraton"), client.encoding),
        ),
        text="duration",
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[change],
        )
    )
    assert "front-matter-field" not in [d.code for d in await diagnostics(client, uri, 2)]


async def test_a_config_change_on_disk_applies_at_once(client: Client, notes: Path):
    await start(client, notes)
    watched = client.capabilities.workspace.did_change_watched_files
    if watched and watched.dynamic_registration:
        # The server asked this client to watch the agendas and config files.
        await asyncio.wait_for(_registered(client), TIMEOUT)
    path = notes / MEETING
    uri, _ = open_file(client, path)
    assert "too-few-projects" in [d.code for d in await diagnostics(client, uri, 1)]
    config = notes / ".agendalint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# edited\nrules:\n  too-few-projects: off\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert "too-few-projects" not in [d.code for d in await diagnostics(client, uri)]


async def _registered(client: Client):
    while not any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations):
        await asyncio.sleep(0.01)


async def test_a_bad_config_is_reported_on_the_config_file(client: Client, notes: Path):
    config = notes / ".agendalint.yaml"
    config.write_text("rules:\n  compliant-phrasing: off\n", encoding="utf-8")
    await start(client, notes)
    uri, _ = open_file(client, notes / MEETING)
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["not-checked"]

    async def on_config():
        while True:
            for params in client.publications:
                if params.uri == config.as_uri():
                    return params.diagnostics
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    reported = await asyncio.wait_for(on_config(), TIMEOUT)
    assert len(reported) == 1
    assert "complaint-phrasing" in reported[0].message, "did you mean"
    assert reported[0].range.start.line == 1


async def test_the_series_follows_other_meetings_on_disk(client: Client, notes: Path):
    await start(client, notes)
    previous = notes / "alex" / "2026-11-10.md"
    previous.write_text(
        "---\ndate: 2026-11-10\nwith: Alex Kim\n---\n# 1:1\n\n## Action items\n- [ ] Send the RFC to Priya\n",
        encoding="utf-8",
    )
    uri, _ = open_file(client, notes / MEETING)
    assert "open-action-items" in [d.code for d in await diagnostics(client, uri, 1)]
    previous.write_text(previous.read_text(encoding="utf-8").replace("- [ ]", "- [x]"), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=previous.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert "open-action-items" not in [d.code for d in await diagnostics(client, uri)]


async def test_hover_on_a_rule_id_shows_its_page(client: Client, notes: Path):
    await start(client, notes)
    path = notes / MEETING
    text = path.read_text(encoding="utf-8").replace(
        "## Projects (15 min)", "## Projects (15 min) <!-- agendalint-disable-line too-few-projects -->"
    )
    path.write_text(text, encoding="utf-8")
    uri, _ = open_file(client, path)
    at = text.index("too-few-projects -->") + 4
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=position_of(text, at, client.encoding),
            )
        ),
        TIMEOUT,
    )
    assert hover is not None
    assert "too-few-projects" in hover.contents.value
    assert "## " in hover.contents.value, "the rule's page"
