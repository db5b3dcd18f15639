#!/usr/bin/env python3
"""Scores an agendalint binary on the writers' labelled bullets.

Each bullet is written as a one-item agenda (front matter, one heading of its section
kind, the bullet), the binary checks the folder (`--no-config --format json`), and a rule
counts as firing on a bullet when it reports a span inside the item (for
`missing-skill-gap`: anything in the file, scored against "no learning path").

    python3 scripts/train/score_binary.py BINARY [--writers w01,w08] [--misses RULE]

Used to measure any build the same way, such as the one before a change.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
WRITERS = os.path.join(HERE, "..", "..", "tests", "labelled", "writers")
HEADINGS = {
    "projects": "Projects", "initiatives": "Initiatives", "career": "Career",
    "skills": "Skills", "feedback": "Feedback", "alignment": "Alignment",
    "non_technical": "Non-technical", "actions": "Action items", "other": "Notes",
}
RULES = [
    ("complaint-phrasing", "complaint-phrasing"),
    ("vague-feedback-request", "vague-feedback-request"),
    ("promotion-ask", "promotion-ask"),
    ("vague-aspiration", "vague-aspiration"),
    ("generic-skill-wish", "generic-skill-wish"),
    ("missing-metric", "missing-metric"),
    ("no-time-bound", "no-time-bound"),
    ("missing-skill-gap", "!learning-path"),
]


def render(kind, text):
    head = "---\ndate: 2026-11-23\nwith: Alex Kim\n---\n## %s\n\n" % HEADINGS[kind]
    lines = text.rstrip().split("\n")
    body = "- " + lines[0] + "\n" + "".join("  " + l + "\n" for l in lines[1:])
    start = len(head.encode())
    return head + body, start, start + len(body.encode())


def bullets(writer):
    with open(os.path.join(WRITERS, writer + ".yaml"), encoding="utf-8") as f:
        for agenda in yaml.safe_load(f):
            for section in agenda["sections"]:
                for item in section.get("items") or []:
                    yield section["kind"], item["text"], set(item.get("fires") or [])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--writers", default="")
    parser.add_argument("--misses", default="")
    args = parser.parse_args()
    writers = [w for w in args.writers.split(",") if w] or sorted(
        f[:-5] for f in os.listdir(WRITERS) if f.endswith(".yaml"))
    pooled = collections.defaultdict(lambda: [0, 0, 0])
    for writer in writers:
        counts = collections.defaultdict(lambda: [0, 0, 0])
        with tempfile.TemporaryDirectory() as tmp:
            regions = {}
            labels = {}
            for i, (kind, text, fires) in enumerate(bullets(writer)):
                source, start, end = render(kind, text)
                name = "b%05d.md" % i
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                    f.write(source)
                regions[name] = (start, end, text)
                labels[name] = fires
            out = subprocess.run(
                [args.binary, "check", tmp, "--no-config", "--format", "json"],
                capture_output=True, check=False)
            if out.returncode not in (0, 1):
                sys.exit("the binary failed: " + out.stderr.decode())
            found = collections.defaultdict(list)
            for d in json.loads(out.stdout)["diagnostics"]:
                found[os.path.basename(d["path"])].append(d)
            for name, (start, end, text) in regions.items():
                for rule, label in RULES:
                    # `!label`: the rule is silent where the label holds
                    # (missing-skill-gap: scored on finding the learning paths).
                    negate = label.startswith("!")
                    expected = label.lstrip("!") in labels[name]
                    # `missing-metric` at info is about a project's outcome; the
                    # label is about initiatives.
                    fired = any(
                        d["rule"] == rule
                        and not (rule == "missing-metric" and d["severity"] == "info")
                        and (rule == "missing-skill-gap" or (
                            start <= d["span"]["start"] and d["span"]["end"] <= end))
                        for d in found[name]) != negate
                    c = counts[rule]
                    if expected and fired:
                        c[0] += 1
                    elif fired:
                        c[1] += 1
                    elif expected:
                        c[2] += 1
                    if rule == args.misses and expected != fired:
                        print("%s %s %s: %s" % (writer, "FN" if expected else "FP", rule,
                                                text.replace("\n", " / ")))
        for rule, c in counts.items():
            for i in range(3):
                pooled[rule][i] += c[i]
        table(writer, counts)
    if len(writers) > 1:
        table("pooled: " + ",".join(writers), pooled)


def table(title, counts):
    print("\n%s\n\n| rule | precision | recall | tp | fp | fn |\n| --- | ---: | ---: | ---: | ---: | ---: |" % title)
    for rule, _ in RULES:
        tp, fp, fn = counts[rule]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print("| %s | %.3f | %.3f | %d | %d | %d |" % (rule, p, r, tp, fp, fn))


if __name__ == "__main__":
    main()
