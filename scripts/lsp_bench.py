#!/usr/bin/env python3
"""Measures `agendalint server` with a plain stdio client (no LSP library), against a
baseline server measured in the same run on the same file (rumdl's, by default).

    scripts/lsp_bench.py compare CORPUS [--runs 30] [--server CMD] [--baseline CMD]
    scripts/lsp_bench.py show FILE [--server CMD] [--unsafe-fixes]

`compare` picks the agenda of CORPUS closest to 3 KB (CORPUS as written by
`examples/gen_corpus.rs`: one notes root, many meeting series) and measures, for each
server, runs interleaved:

- start, alone: a fresh process per run, the agenda copied alone into an empty folder;
  initialize, then (once answered, as the protocol asks) initialized and didOpen; the
  clock runs from spawning the process to the first publishDiagnostics for the file;
- start, in CORPUS: the same with the agenda in its place; both servers answer first
  and read the workspace alongside (agendalint reads its whole notes root, every agenda
  of CORPUS, for the series rules), then publish again;
- start to the second publication, in CORPUS: the same, to the publication that
  follows the read of the workspace (agendalint's answer with the series findings);
- didChange: one process; the agenda is opened in CORPUS, its diagnostics awaited (its
  series is then indexed) and the server left until it is quiet for half a second (a
  server that indexes the workspace after answering publishes again meanwhile), then `--runs` full-text didChange notifications, each
  timed from sending it to the publishDiagnostics of its version; the text alternates
  between the agenda and the agenda with one word changed;
- memory: peak resident memory (VmHWM, from /proc) after opening the agenda in CORPUS
  and ten more of its agendas, once the server is quiet.

Medians, quartiles and the ratio agendalint / baseline are printed as a Markdown table.
`show` prints what a client receives for FILE: its diagnostics and the code actions for
the whole file, as JSON. Server commands are given as one string (split on spaces).
Linux only (/proc); Python 3.8+; no other package.
"""

import json
import os
import queue
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TIMEOUT = 60.0
REPO = Path(__file__).resolve().parent.parent


class Client:
    """A minimal LSP client over a child process's stdio. A thread reads the server's
    messages (answering its requests at once, as an editor with no settings would), so
    that every wait is bounded."""

    def __init__(self, command, root):
        self.root = Path(root).resolve()
        self.start = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=str(self.root),
        )
        self.next_id = 0
        self.inbox = queue.Queue()
        self.lock = threading.Lock()
        threading.Thread(target=self._read_all, daemon=True).start()

    def send(self, message):
        body = json.dumps(message).encode()
        with self.lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        # `shutdown` and `exit` have no params: some servers refuse an explicit null.
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.next_id

    def notify(self, method, params):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def _read_all(self):
        try:
            while True:
                message = self._read()
                if "method" in message and "id" in message:
                    result = None
                    if message["method"] == "workspace/configuration":
                        result = [None] * len(message["params"]["items"])
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
                self.inbox.put(message)
        except (EOFError, OSError, ValueError):
            self.inbox.put(None)

    def _read(self):
        headers = {}
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        return json.loads(self.process.stdout.read(int(headers["content-length"])))

    def wait(self, accept, timeout=TIMEOUT):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching message in %.0f s" % timeout)
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                raise TimeoutError("no matching message in %.0f s" % timeout) from None
            if message is None:
                raise EOFError("the server closed its output")
            if accept(message):
                return message

    def settle(self, quiet=0.5):
        """Takes messages until none came for `quiet` seconds (a server that indexes
        the workspace after its first answer publishes again meanwhile)."""
        deadline = time.perf_counter() + TIMEOUT
        while time.perf_counter() < deadline:
            try:
                if self.inbox.get(timeout=quiet) is None:
                    return
            except queue.Empty:
                return

    def initialize(self, options=None):
        params = {
            "processId": os.getpid(),
            "rootUri": self.root.as_uri(),
            "workspaceFolders": [{"uri": self.root.as_uri(), "name": self.root.name}],
            "initializationOptions": options,
            "capabilities": {
                "textDocument": {
                    "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                    "codeAction": {
                        "codeActionLiteralSupport": {
                            "codeActionKind": {"valueSet": ["quickfix", "source", "source.fixAll"]}
                        },
                        "isPreferredSupport": True,
                    },
                },
                "workspace": {"workspaceEdit": {"documentChanges": True}},
            },
        }
        # As the protocol asks, nothing else is sent before the answer to `initialize`.
        request = self.request("initialize", params)
        self.wait(lambda m: m.get("id") == request and "method" not in m)
        self.notify("initialized", {})

    def open(self, path, text):
        uri = Path(path).resolve().as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        return uri

    def diagnostics_for(self, uri, version=None):
        def accept(message):
            if message.get("method") != "textDocument/publishDiagnostics":
                return False
            params = message["params"]
            return params["uri"] == uri and (version is None or params.get("version") in (None, version))

        return self.wait(accept)["params"]["diagnostics"]

    def close(self):
        try:
            self.request("shutdown", None)
            self.wait(lambda m: m.get("id") == self.next_id and "method" not in m, timeout=10)
            self.notify("exit", None)
            # Some servers leave only at the end of their input, as editors close it.
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (TimeoutError, EOFError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()

    def memory_mb(self):
        fields = {}
        with open("/proc/%d/status" % self.process.pid) as status:
            for line in status:
                name, _, value = line.partition(":")
                fields[name] = value.strip()
        kb = lambda name: int(fields[name].split()[0])  # noqa: E731
        return kb("VmHWM") / 1024, kb("VmRSS") / 1024


def started(command, root, path, options=None):
    """A server for the workspace `root`, with `path` opened and its diagnostics in."""
    client = Client(command, root)
    client.initialize(options)
    text = Path(path).read_text(encoding="utf-8")
    uri = client.open(path, text)
    diagnostics = client.diagnostics_for(uri)
    return client, uri, text, diagnostics


def time_start(command, root, path):
    client, _, _, _ = started(command, root, path)
    elapsed = (time.perf_counter() - client.start) * 1000
    client.close()
    return elapsed


def time_complete(command, root, path):
    """Start to the second publishDiagnostics for the file: a server that answers before
    it has read the workspace publishes again once it has (both servers here do, in a
    large notes root)."""
    client, uri, _, _ = started(command, root, path)
    client.diagnostics_for(uri)
    elapsed = (time.perf_counter() - client.start) * 1000
    client.close()
    return elapsed


def time_changes(command, root, path, runs):
    client, uri, text, _ = started(command, root, path)
    client.settle()
    words = [w for w in text.split() if len(w) >= 5 and w.isalpha()]
    other = text.replace(words[0], words[0].upper(), 1) if words else text + " "
    samples = []
    for i in range(runs):
        version = i + 2
        body = other if i % 2 == 0 else text
        began = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": body}]},
        )
        client.diagnostics_for(uri, version)
        samples.append((time.perf_counter() - began) * 1000)
    client.close()
    return samples


def memory(command, root, paths):
    client, _, _, _ = started(command, root, paths[0])
    for path in paths[1:]:
        uri = client.open(path, Path(path).read_text(encoding="utf-8"))
        client.diagnostics_for(uri)
    client.settle()
    peak, now = client.memory_mb()
    client.close()
    return peak, now


def pick_agenda(corpus):
    """The agenda of `corpus` closest to 3 KB (the first by path on a tie), and ten more
    of the same series."""
    files = sorted(p for p in Path(corpus).rglob("*.md"))
    if not files:
        raise SystemExit("no agenda under %s" % corpus)
    chosen = min(files, key=lambda p: (abs(p.stat().st_size - 3072), str(p)))
    others = [p for p in sorted(chosen.parent.parent.rglob("*.md")) if p != chosen][:10]
    return chosen, others


def quartiles(samples):
    samples = sorted(samples)
    if len(samples) < 2:
        return samples[0], samples[0], samples[0]
    q1, q2, q3 = statistics.quantiles(samples, n=4)
    return q1, statistics.median(samples), q3


def compare(corpus, server, baseline, runs):
    corpus = Path(corpus).resolve()
    agenda, others = pick_agenda(corpus)
    alone = Path(tempfile.mkdtemp(prefix="lsp-bench-"))
    alone_agenda = alone / agenda.name
    shutil.copy(agenda, alone_agenda)
    count = sum(1 for _ in corpus.rglob("*.md"))
    names = {"agendalint": server, "baseline": baseline}
    starts_alone = {name: [] for name in names}
    starts_corpus = {name: [] for name in names}
    complete_corpus = {name: [] for name in names}
    # Interleaved, so that a change in the machine's load hits both alike.
    for _ in range(runs):
        for name, command in names.items():
            starts_alone[name].append(time_start(command, alone, alone_agenda))
            starts_corpus[name].append(time_start(command, corpus, agenda))
            complete_corpus[name].append(time_complete(command, corpus, agenda))
    changes = {name: time_changes(command, corpus, agenda, runs) for name, command in names.items()}
    memories = {name: memory(command, corpus, [agenda] + others) for name, command in names.items()}
    shutil.rmtree(alone)

    print("agenda: %s (%d bytes), notes root with %d agendas; %d runs each" % (
        agenda.relative_to(corpus), agenda.stat().st_size, count, runs))
    print("agendalint: %s" % " ".join(server))
    print("baseline:   %s" % " ".join(baseline))
    print()
    print("| case | agendalint median ms (q1-q3) | baseline median ms (q1-q3) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for label, table in (
        ("start to didOpen diagnostics, agenda alone", starts_alone),
        ("start to didOpen diagnostics, in its %d-agenda notes root" % count, starts_corpus),
        ("start to the second publication (workspace read), same root", complete_corpus),
        ("full-text didChange to diagnostics (series indexed)", changes),
    ):
        ours, theirs = quartiles(table["agendalint"]), quartiles(table["baseline"])
        print("| %s | %.2f (%.2f-%.2f) | %.2f (%.2f-%.2f) | %.2f |" % (
            label, ours[1], ours[0], ours[2], theirs[1], theirs[0], theirs[2], ours[1] / theirs[1]))
    ours, theirs = memories["agendalint"], memories["baseline"]
    print("| peak memory MB, 11 agendas open in the %d-agenda notes root | %.1f | %.1f | %.2f |" % (
        count, ours[0], theirs[0], ours[0] / theirs[0]))


def show(path, server, unsafe_fixes):
    path = Path(path).resolve()
    options = {"unsafeFixes": True} if unsafe_fixes else None
    root = path.parent
    while root.parent != root and not (root / ".agendalint.yaml").exists():
        root = root.parent
    if not (root / ".agendalint.yaml").exists():
        root = path.parent
    client, uri, text, diagnostics = started(server, root, path, options)
    lines = text.count("\n") + 1
    request = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}},
            "context": {"diagnostics": diagnostics},
        },
    )
    actions = client.wait(lambda m: m.get("id") == request and "method" not in m)["result"]
    client.close()
    print(json.dumps({"diagnostics": diagnostics, "codeActions": actions}, indent=2, ensure_ascii=False))


def main(argv):
    if not argv or argv[0] not in ("compare", "show"):
        print(__doc__, file=sys.stderr)
        return 2
    runs = 30
    server = [str(REPO / "target" / "release" / "agendalint"), "server"]
    baseline = ["rumdl", "server"]
    unsafe_fixes = False
    args = []
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "--runs":
            runs = int(next(rest))
        elif arg == "--server":
            server = shlex.split(next(rest))
        elif arg == "--baseline":
            baseline = shlex.split(next(rest))
        elif arg == "--unsafe-fixes":
            unsafe_fixes = True
        else:
            args.append(arg)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "compare":
        compare(args[0], server, baseline, runs)
    else:
        show(args[0], server, unsafe_fixes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
