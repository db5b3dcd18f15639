#!/usr/bin/env bash
# Measures what `agendalint report` costs over `agendalint check` on the same generated
# notes folder: CPU time (user + system) and peak memory, at two corpus sizes so that
# memory growth per agenda shows.
#
#   scripts/bench-report.sh            # from the repository root, or from anywhere
#
# Environment (all optional):
#   BENCH_SIZES="10000 20000"   corpus sizes (agendas); the first is the one judged
#   BENCH_RUNS=5                timed runs per command (after one warm-up run); the
#                               commands take turns, run by run, so that a change in the
#                               machine's load falls on all of them alike
#   BENCH_THREADS=$(nproc)      RAYON_NUM_THREADS for every command
#   BENCH_DIR=<mktemp -d>       where corpora go (removed at the end unless BENCH_KEEP=1)
#   BENCH_OUT=target/bench/report.md   the table is also written here
#
# The target (issue 15): a report over 10,000 agendas costs at most 1.2x the CPU of
# `check` over the same folder, and its memory grows with the number of files only by
# what the report itself holds (its meeting list and the contributions digest).
# `check` is timed in its two whole-run formats, `concise` and `json`; the report is
# judged against the cheaper of the two. Needs bash, cargo, coreutils and GNU time
# (/usr/bin/time) for CPU and memory.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
SIZES=${BENCH_SIZES:-10000 20000}
RUNS=${BENCH_RUNS:-5}
THREADS=${BENCH_THREADS:-$(nproc 2>/dev/null || echo 2)}
OUT=${BENCH_OUT:-$ROOT/target/bench/report.md}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
export RAYON_NUM_THREADS=$THREADS

log() { printf '%s\n' "$*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
    log "GNU time (/usr/bin/time) is needed: apt-get install time"
    exit 2
fi

log "building release binaries"
cargo build --release --quiet --bin agendalint --example gen_corpus
LINT=$TARGET/release/agendalint
GEN=$TARGET/release/examples/gen_corpus

# shellcheck source=scripts/bench-corpus.sh
source "$ROOT/scripts/bench-corpus.sh"
bench_workdir agendalint-bench-report

# run_stats NAME CMD... -> appends "cpu_s rss_kb" of one run to $WORK/NAME.txt. Exit
# status 0 or 1 is fine (1 = `check` found something); anything else stops the script.
run_stats() {
    local name=$1 status=0
    shift
    /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" \
        || status=$?
    if ((status > 1)); then
        log "command failed with status $status: $*"
        cat "$WORK/stderr.txt" >&2
        exit 1
    fi
    # GNU time writes "Command exited with non-zero status 1" first: the figures are
    # on the last line.
    tail -n1 "$WORK/time.txt" | awk '{ printf "%.3f %d\n", $1 + $2, $3 }' >>"$WORK/$name.txt"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ printf "%.2f", a/b }'; }

NAMES=(check-concise check-json report-json report-html report-markdown)
command_for() { # command_for NAME DIR -> the command line, one word per line
    local dir=$2
    case $1 in
        check-concise) printf '%s\n' "$LINT" check "$dir" --format concise ;;
        check-json) printf '%s\n' "$LINT" check "$dir" --format json ;;
        report-json) printf '%s\n' "$LINT" report "$dir" --format json ;;
        report-html) printf '%s\n' "$LINT" report "$dir" --format html ;;
        report-markdown) printf '%s\n' "$LINT" report "$dir" --format markdown ;;
    esac
}

declare -A CPU RSS
for n in $SIZES; do
    dir=$(corpus "$n")
    log "corpus of $n agendas: $(du -sh "$dir" | cut -f1); $RUNS runs of each command, in turns"
    for name in "${NAMES[@]}"; do
        rm -f "$WORK/$name.txt"
        mapfile -t cmd < <(command_for "$name" "$dir")
        "${cmd[@]}" >/dev/null 2>&1 || true # warm-up: page cache, binary
    done
    for ((i = 0; i < RUNS; i++)); do
        for name in "${NAMES[@]}"; do
            mapfile -t cmd < <(command_for "$name" "$dir")
            run_stats "$name" "${cmd[@]}"
        done
    done
    for name in "${NAMES[@]}"; do
        CPU[$n, $name]=$(cut -d' ' -f1 "$WORK/$name.txt" | median)
        RSS[$n, $name]=$(cut -d' ' -f2 "$WORK/$name.txt" | sort -g | tail -n1)
    done
done

read -r FIRST SECOND _ <<<"$SIZES $SIZES"
mkdir -p "$(dirname "$OUT")"
{
    printf '## agendalint report vs check\n\n'
    printf -- '- threads: RAYON_NUM_THREADS=%s; median of %s runs; load average at the end: %s\n\n' \
        "$THREADS" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
    printf '| agendas | command | CPU s | peak RSS MB |\n| ---: | --- | ---: | ---: |\n'
    for n in $SIZES; do
        for name in "${NAMES[@]}"; do
            printf '| %s | %s | %s | %s |\n' "$n" "$name" "${CPU[$n, $name]}" \
                "$(awk -v k="${RSS[$n, $name]}" 'BEGIN{printf "%.1f", k/1024}')"
        done
    done
    printf '\n'
    base=${CPU[$FIRST, check-concise]}
    if awk -v a="${CPU[$FIRST, check-json]}" -v b="$base" 'BEGIN{exit !(a < b)}'; then
        base=${CPU[$FIRST, check-json]}
    fi
    for name in report-json report-html report-markdown; do
        r=$(ratio "${CPU[$FIRST, $name]}" "$base")
        printf -- '- %s agendas, %s within 1.2x the CPU of the cheaper check: %sx -> %s\n' \
            "$FIRST" "$name" "$r" "$(awk -v r="$r" 'BEGIN{print (r <= 1.2 ? "yes" : "NO")}')"
    done
    if [[ $SECOND != "$FIRST" ]]; then
        for name in check-json report-json report-html; do
            per=$(awk -v a="${RSS[$SECOND, $name]}" -v b="${RSS[$FIRST, $name]}" \
                -v n1="$FIRST" -v n2="$SECOND" 'BEGIN{printf "%.2f", (a-b)/(n2-n1)}')
            printf -- '- %s: peak memory grows by %s KB per agenda from %s to %s agendas\n' \
                "$name" "$per" "$FIRST" "$SECOND"
        done
    fi
} >"$OUT"
cat "$OUT"
