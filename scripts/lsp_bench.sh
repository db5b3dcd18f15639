#!/usr/bin/env bash
# Times `agendalint server` against rumdl's language server in the same run, on the
# same 3 KB agenda of a generated 1,000-agenda notes folder (scripts/lsp_bench.py says
# what each case measures), and prints a Markdown table with the ratios.
#
#   scripts/lsp_bench.sh              # from the repository root, or from anywhere
#
# Environment (all optional):
#   LSP_BENCH_RUNS=30          samples per case and server (median of these)
#   LSP_BENCH_AGENDAS=1000     agendas in the generated notes folder
#   LSP_BENCH_BASELINE="rumdl server"   the baseline server command; when unset, rumdl
#                              (pinned below) is installed from PyPI into a temporary venv
#   LSP_BENCH_OUT=target/bench/lsp.md   the table is also written here
#
# Needs bash, cargo, python3 (with venv and pip, unless LSP_BENCH_BASELINE is given).
# Linux only: memory is read from /proc.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
RUNS=${LSP_BENCH_RUNS:-30}
AGENDAS=${LSP_BENCH_AGENDAS:-1000}
OUT=${LSP_BENCH_OUT:-$ROOT/target/bench/lsp.md}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
RUMDL_VERSION=0.3.0

log() { printf '%s\n' "$*" >&2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "building release binaries"
cargo build --release --quiet --bin agendalint --example gen_corpus

if [[ -n ${LSP_BENCH_BASELINE:-} ]]; then
    baseline=$LSP_BENCH_BASELINE
else
    log "installing rumdl $RUMDL_VERSION (PyPI) into a temporary venv"
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet --disable-pip-version-check "rumdl==$RUMDL_VERSION"
    baseline="$work/venv/bin/rumdl server"
fi

log "generating $AGENDAS agendas"
"$TARGET/release/examples/gen_corpus" "$work/notes" "$AGENDAS" >&2

log "measuring ($RUNS runs per case and server)"
mkdir -p "$(dirname "$OUT")"
{
    printf 'Machine: %s cores, %s; %s; load average before: %s\n\n' \
        "$(nproc)" "$(uname -sr)" "$(rustc --version)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    python3 scripts/lsp_bench.py compare "$work/notes" --runs "$RUNS" \
        --server "$TARGET/release/agendalint server" --baseline "$baseline"
} | tee "$OUT"
log "written to $OUT"
