# Sourced by the benchmark scripts: a work folder for generated notes, and `corpus N`,
# which generates a folder of N agendas there once (with $GEN, the gen_corpus example)
# and prints its path.
#
#   bench_workdir NAME   sets WORK to $BENCH_DIR, or to a new temporary folder named
#                        after NAME, removed at exit unless BENCH_KEEP is set

bench_workdir() {
    if [[ -n ${BENCH_DIR:-} ]]; then
        WORK=$BENCH_DIR
        mkdir -p "$WORK"
    else
        WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    fi
    trap '[[ -n ${BENCH_KEEP:-} ]] || rm -rf "$WORK"' EXIT
}

corpus() { # corpus N -> prints its folder, generating it once
    local dir=$WORK/corpus-$1
    if [[ ! -f $dir/.agendalint.yaml ]]; then
        rm -rf "$dir"
        "$GEN" "$dir" "$1" >&2
    fi
    printf '%s\n' "$dir"
}
