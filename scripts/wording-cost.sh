#!/usr/bin/env bash
# What the wording rules add per bullet, in instructions (callgrind), so that the figure
# does not depend on how busy the machine is. Prints the instructions of one checking
# pass over a writer's bullets with every rule and without the wording rules, and the
# difference per bullet.
#
#   scripts/wording-cost.sh [agendas] [WRITER.yaml]
#
# `agendas` checks each of the writer's agendas whole rather than each bullet alone.
#
# Needs valgrind. Instructions are not time; `cargo bench --bench lint -- wording`
# times the same two passes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 2; }
cargo build --release --quiet --example wording_cost
BIN=${CARGO_TARGET_DIR:-target}/release/examples/wording_cost
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# count NAME [ARGS...]: the instructions of the measured pass of `wording_cost ARGS`.
count() {
    local name=$1
    shift
    valgrind --tool=callgrind --toggle-collect='*measured*' \
        --callgrind-out-file="$OUT/$name.out" "$BIN" "$@" >"$OUT/$name.txt" 2>"$OUT/$name.err"
    grep -m1 '^summary:' "$OUT/$name.out" | awk '{print $2}'
}
all=$(count all "$@")
without=$(count without without "$@")
bullets=$(awk '{print $1}' "$OUT/all.txt")
echo "bullets: $bullets"
echo "instructions, every rule:           $all"
echo "instructions, without wording rules: $without"
awk -v a="$all" -v w="$without" -v n="$bullets" 'BEGIN {
    printf "wording rules add: %.0f instructions per bullet (%.2fx the other rules)\n", (a - w) / n, a / w }'
