#!/usr/bin/env bash
# Times the whole `agendalint check` process against the parse-only baseline
# (examples/parse_only.rs) on generated corpora, at the same thread count.
#
#   scripts/bench.sh                 # from the repository root, or from anywhere
#
# Environment (all optional):
#   BENCH_SIZES="10000 100000"   corpus sizes (agendas)
#   BENCH_RUNS=3                 timed runs per corpus and tool (after one warm-up run)
#   BENCH_ONE_RUNS=30            runs for the one-file case (at least 20)
#   BENCH_HOOK_RUNS=5            runs for one file inside the largest corpus (slow: the
#                                series rules read the whole notes folder)
#   BENCH_THREADS=$(nproc)       RAYON_NUM_THREADS for both tools
#   BENCH_DIR=<mktemp -d>        where corpora go (removed at the end unless BENCH_KEEP=1)
#   BENCH_OUT=target/bench/results.md   the table is also written here
#   BENCH_NO_INSTALL=1           never apt-get install hyperfine or time
#   BENCH_HYPERFINE=0, BENCH_MEASURE=bash   force a fallback (to test it)
#   BENCH_RUMDL=auto             a Markdown linter timed on the same files as a second
#                                baseline: `auto` installs rumdl $RUMDL_VERSION from PyPI
#                                into a venv in the work folder (skipped when that
#                                fails); `0` leaves it out; anything else is the command
#                                (`BENCH_RUMDL=rumdl` for one already installed)
#   RUMDL_VERSION=0.3.0
#
# Needs bash, cargo, and coreutils. Uses hyperfine and GNU time (/usr/bin/time) when
# present (and tries `apt-get install hyperfine time` as root when not). Without GNU
# time there is no peak memory; without hyperfine (or python3 to read its JSON) the
# one-file cases are timed with bash's `time` like the others.
set -euo pipefail
shopt -s inherit_errexit # a failure inside $(...) stops the script too

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SIZES=${BENCH_SIZES:-10000 100000}
RUNS=${BENCH_RUNS:-3}
ONE_RUNS=${BENCH_ONE_RUNS:-30}
HOOK_RUNS=${BENCH_HOOK_RUNS:-5}
THREADS=${BENCH_THREADS:-$(nproc 2>/dev/null || echo 2)}
OUT=${BENCH_OUT:-$ROOT/target/bench/results.md}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
export RAYON_NUM_THREADS=$THREADS

log() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------
if [[ -z ${BENCH_NO_INSTALL:-} && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    missing=()
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    [[ -x /usr/bin/time ]] || missing+=(time)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} (apt-get; skipped on failure)"
        apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null 2>&1 \
                 && apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; } \
            || log "  could not install ${missing[*]}; falling back"
    fi
fi
HAVE_HYPERFINE=$(command -v hyperfine >/dev/null && echo 1 || echo 0)
HAVE_HYPERFINE=${BENCH_HYPERFINE:-$HAVE_HYPERFINE}
# Wall and CPU time come from bash's `time` (millisecond resolution); peak RSS from GNU
# time wrapped inside it (its own CPU cost is well under a millisecond).
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
    MEASURE=gnu-time
else
    MEASURE=bash
fi
MEASURE=${BENCH_MEASURE:-$MEASURE}
log "measuring with: hyperfine=$HAVE_HYPERFINE, process stats=$MEASURE, threads=$THREADS"

# --- build ---------------------------------------------------------------------------
log "building release binaries"
cargo build --release --quiet --bin agendalint --example gen_corpus --example parse_only
LINT=$TARGET/release/agendalint
BASE=$TARGET/release/examples/parse_only
GEN=$TARGET/release/examples/gen_corpus

# --- a second baseline: rumdl, a fast Rust Markdown linter ----------------------------
RUMDL_VERSION=${RUMDL_VERSION:-0.3.0}
RUMDL=${BENCH_RUMDL:-auto}

# --- corpora -------------------------------------------------------------------------
# shellcheck source=scripts/bench-corpus.sh
source "$ROOT/scripts/bench-corpus.sh"
bench_workdir agendalint-bench

if [[ $RUMDL == auto ]]; then
    RUMDL=
    if [[ -z ${BENCH_NO_INSTALL:-} ]] && command -v python3 >/dev/null; then
        log "installing rumdl $RUMDL_VERSION (PyPI) into a venv in the work folder"
        if python3 -m venv "$WORK/rumdl-venv" >/dev/null 2>&1 \
            && "$WORK/rumdl-venv/bin/pip" install --quiet --disable-pip-version-check \
                "rumdl==$RUMDL_VERSION" >/dev/null 2>&1; then
            RUMDL=$WORK/rumdl-venv/bin/rumdl
        else
            log "  could not install rumdl; its rows are left out"
        fi
    fi
elif [[ $RUMDL == 0 ]]; then
    RUMDL=
fi
# rumdl as it was run when the goals were set: no cache, no config, default output.
RUMDL_CHECK=("$RUMDL" check --no-cache --no-config)

ONE_DIR=$(corpus 1)
# (No `| head` in pipelines: with pipefail, the writer's SIGPIPE would stop the script.)
first_agenda() { find "$1" -name '*.md' | LC_ALL=C sort | sed -n 1p; }
ONE_FILE=$(first_agenda "$ONE_DIR")

# --- measurement helpers ---------------------------------------------------------------
# run_stats CMD... -> prints "wall_s user_s sys_s maxrss_kb" for one run of CMD, output
# to /dev/null. Exit status 0 or 1 is fine (1 = findings); anything else stops the script.
run_stats() {
    local status=0 TIMEFORMAT='%3R %3U %3S' rss=-
    if [[ $MEASURE == gnu-time ]]; then
        { time /usr/bin/time -f '%M' -o "$WORK/rss.txt" "$@" >/dev/null 2>"$WORK/stderr.txt"; } \
            2>"$WORK/times.txt" || status=$?
    else
        { time "$@" >/dev/null 2>"$WORK/stderr.txt"; } 2>"$WORK/times.txt" || status=$?
    fi
    if ((status > 1)); then
        log "command failed with status $status: $*"
        cat "$WORK/stderr.txt" >&2
        exit 1
    fi
    [[ $MEASURE == gnu-time ]] && rss=$(tail -n1 "$WORK/rss.txt")
    printf '%s %s\n' "$(tail -n1 "$WORK/times.txt")" "$rss"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
maximum() { sort -g | tail -n1; }

# measure RUNS CMD... -> prints "wall_ms cpu_ms rss_mb" (medians; peak RSS is max)
measure() {
    local runs=$1 i line w u s m walls=() cpus=() rss=()
    shift
    run_stats "$@" >/dev/null # warm-up: page cache, binary
    for ((i = 0; i < runs; i++)); do
        line=$(run_stats "$@")
        read -r w u s m <<<"$line"
        walls+=("$w")
        cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN{print u+s}')")
        rss+=("$m")
    done
    local wall cpu peak
    wall=$(printf '%s\n' "${walls[@]}" | median)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    if [[ ${rss[0]} == - ]]; then peak=nan; else peak=$(printf '%s\n' "${rss[@]}" | maximum); fi
    awk -v w="$wall" -v c="$cpu" -v m="$peak" \
        'BEGIN{ printf "%.1f %.1f %s\n", w*1000, c*1000, (m=="nan" ? "n/a" : sprintf("%.1f", m/1024)) }'
}

# one_file RUNS CMD... -> prints "wall_ms cpu_ms rss_mb": median wall over RUNS runs
# (hyperfine when present), median user+sys, peak RSS of one run.
one_file() {
    local runs=$1 wall cpu rss line
    shift
    if ((HAVE_HYPERFINE)) && command -v python3 >/dev/null; then
        hyperfine -N -i --warmup "$(( runs < 5 ? 1 : 5 ))" --runs "$runs" --style none \
            --export-json "$WORK/hf.json" "$(printf '%q ' "$@")" >/dev/null 2>"$WORK/hf.err" \
            || { log "hyperfine failed: $*"; cat "$WORK/hf.err" >&2; exit 1; }
        local medians rss_kb
        medians=$(python3 -c '
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
cpu = [u + s for u, s in zip(r["user"], r["system"])] if "user" in r and isinstance(r["user"], list) else [r["user"] + r["system"]]
print("%.2f %.2f" % (r["median"] * 1000, statistics.median(cpu) * 1000))' "$WORK/hf.json")
        read -r wall cpu <<<"$medians"
        line=$(run_stats "$@")
        rss_kb=${line##* }
        rss=$(awk -v m="$rss_kb" 'BEGIN{print (m=="-" ? "n/a" : sprintf("%.1f", m/1024))}')
    else
        local stats
        stats=$(measure "$runs" "$@")
        read -r wall cpu rss <<<"$stats"
    fi
    printf '%s %s %s\n' "$wall" "$cpu" "$rss"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 == 0) print "n/a"; else printf "%.2f", a/b }'; }

# --- runs ------------------------------------------------------------------------------
declare -A R
rows=()

log "one file: $ONE_FILE"
R[one, base]=$(one_file "$ONE_RUNS" "$BASE" "$ONE_FILE")
R[one, lint]=$(one_file "$ONE_RUNS" "$LINT" check "$ONE_FILE" --format concise)
if [[ -n $RUMDL ]]; then R[one, rumdl]=$(one_file "$ONE_RUNS" "${RUMDL_CHECK[@]}" "$ONE_FILE"); fi
rows+=("one")

# The same single file inside the largest corpus, as a pre-commit hook in a big notes
# folder runs it: the series rules read the whole notes root.
LAST_SIZE=${SIZES##* }
for n in $SIZES; do
    dir=$(corpus "$n")
    files=$(find "$dir" -name '*.md' | wc -l)
    log "corpus of $n agendas: $files files, $(du -sh "$dir" | cut -f1)"
    checked=$("$LINT" check "$dir" --statistics 2>/dev/null | tail -n1 || true)
    log "  agendalint --statistics: $checked"
    log "  parse_only: $("$BASE" "$dir")"
    R[$n, base]=$(measure "$RUNS" "$BASE" "$dir")
    R[$n, lint]=$(measure "$RUNS" "$LINT" check "$dir" --format concise)
    if [[ -n $RUMDL ]]; then R[$n, rumdl]=$(measure "$RUNS" "${RUMDL_CHECK[@]}" "$dir"); fi
    rows+=("$n")
done
in_corpus=$(first_agenda "$(corpus "$LAST_SIZE")")
log "one file inside the $LAST_SIZE corpus: $in_corpus"
R[hook, base]=$(one_file "$HOOK_RUNS" "$BASE" "$in_corpus")
# The hook reads what the series rules need of the other agendas from the notes root's
# cache (`.agendalint-cache/`, written by the warm-up run); the row after it reads every
# agenda, as a first run does.
R[hook, lint]=$(one_file "$HOOK_RUNS" "$LINT" check "$in_corpus" --format concise)
rows+=("hook")
R[hook_cold, base]=${R[hook, base]}
R[hook_cold, lint]=$(one_file "$HOOK_RUNS" "$LINT" check "$in_corpus" --format concise --no-cache)
rows+=("hook_cold")

# --- report ----------------------------------------------------------------------------
label() {
    case $1 in
    one) printf 'one file (alone in its notes folder)' ;;
    hook) printf 'one file in the %s-agenda folder' "$LAST_SIZE" ;;
    hook_cold) printf 'the same, --no-cache' ;;
    *) printf '%s agendas' "$1" ;;
    esac
}

{
    printf '| case | parse-only wall ms | agendalint wall ms | wall ratio | parse-only CPU ms | agendalint CPU ms | CPU ratio | parse-only peak RSS MB | agendalint peak RSS MB |\n'
    printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
    for r in "${rows[@]}"; do
        read -r bw bc bm <<<"${R[$r, base]}"
        read -r lw lc lm <<<"${R[$r, lint]}"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(label "$r")" \
            "$bw" "$lw" "$(ratio "$lw" "$bw")" "$bc" "$lc" "$(ratio "$lc" "$bc")" "$bm" "$lm"
    done
} >"$WORK/table.md"

# The same runs against rumdl: each tool as a multiple of parse-only on the same files.
if [[ -n $RUMDL ]]; then
    {
        printf '| case | parse-only | agendalint | rumdl | agendalint ahead |\n'
        printf '| --- | ---: | ---: | ---: | --- |\n'
        rumdl_row() { # rumdl_row ROW FIELD(1 wall, 2 CPU) NAME
            local b l m rb rl
            b=$(cut -d' ' -f"$2" <<<"${R[$1, base]}")
            l=$(cut -d' ' -f"$2" <<<"${R[$1, lint]}")
            m=$(cut -d' ' -f"$2" <<<"${R[$1, rumdl]}")
            rl=$(ratio "$l" "$b")
            rb=$(ratio "$m" "$b")
            printf '| %s | 1.00x | %sx (%s ms) | %sx (%s ms) | %s |\n' "$3" "$rl" "$l" "$rb" "$m" \
                "$(awk -v a="$l" -v b="$m" 'BEGIN{print (a+0 < b+0 ? "yes" : "NO")}')"
        }
        rumdl_row one 1 "one file, wall"
        rumdl_row one 2 "one file, CPU"
        for n in $SIZES; do rumdl_row "$n" 2 "$n agendas, CPU"; done
    } >"$WORK/rumdl.md"
fi

{
    printf '\n## agendalint check vs parse-only baseline\n\n'
    printf -- '- date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- machine: %s CPUs (%s), %s\n' "$(nproc)" \
        "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)" \
        "$(uname -sr)"
    printf -- '- commit: %s%s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
        "$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes in src/)')"
    printf -- '- threads: RAYON_NUM_THREADS=%s for both; runs: median of %s (corpora), %s (one file), %s (one file in the largest corpus); load average at the end: %s\n' \
        "$THREADS" "$RUNS" "$ONE_RUNS" "$HOOK_RUNS" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
    printf -- '- timing: hyperfine=%s, process stats=%s\n\n' "$HAVE_HYPERFINE" "$MEASURE"
    cat "$WORK/table.md"
    if [[ -f $WORK/rumdl.md ]]; then
        printf '\nAgainst rumdl %s (`check --no-cache --no-config`, default output; agendalint `--format concise`), same files, same run:\n\n' "$("$RUMDL" --version 2>/dev/null | cut -d' ' -f2)"
        cat "$WORK/rumdl.md"
    fi
    printf '\nTargets:\n\n'
    within() { awk -v r="$1" -v g="$2" 'BEGIN{print (r == "n/a" ? "unknown" : (r+0 <= g ? "met" : "MISSED"))}'; }
    read -r lw _ _ <<<"${R[one, lint]}"
    read -r bw _ _ <<<"${R[one, base]}"
    r=$(ratio "$lw" "$bw")
    printf -- '- one file within 2x parse-only (wall): %s ms, %sx -> %s\n' "$lw" "$r" "$(within "$r" 2)"
    for n in $SIZES; do
        read -r _ bc _ <<<"${R[$n, base]}"
        read -r _ lc lm <<<"${R[$n, lint]}"
        r=$(ratio "$lc" "$bc")
        printf -- '- %s agendas within 2x parse-only (CPU): %sx -> %s\n' "$n" "$r" "$(within "$r" 2)"
    done
    for r in hook hook_cold; do
        read -r hw _ _ <<<"${R[$r, lint]}"
        hr=$(ratio "$hw" "$lw")
        printf -- '- %s within 3x one file alone (wall): %sx -> %s\n' "$(label "$r")" "$hr" \
            "$(within "$hr" 3)"
    done
    first=${SIZES%% *}
    read -r _ _ m1 <<<"${R[$first, lint]}"
    read -r _ _ m2 <<<"${R[$LAST_SIZE, lint]}"
    printf -- '- peak memory flat and under 32 MB at %s: %s MB at %s, %s MB at %s -> %s\n' \
        "$LAST_SIZE" "$m1" "$first" "$m2" "$LAST_SIZE" \
        "$(awk -v a="$m1" -v b="$m2" 'BEGIN{ if (a=="n/a"||b=="n/a") print "unknown"; else print ((b < 32 && b <= a*1.10+1) ? "met" : "MISSED")}')"
} | tee "$WORK/report.md"

mkdir -p "$(dirname "$OUT")"
cp "$WORK/report.md" "$OUT"
log "written to $OUT"
