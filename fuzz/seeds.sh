#!/usr/bin/env bash
# Builds the full seed corpora of the fuzz targets under a folder (default
# /tmp/agendalint-fuzz/seeds), from the repository's fixtures and, when present, the shared
# corpus of public Markdown test suites beside the repository (../shared/corpus).
# The few seeds kept in the repository are in fuzz/corpus/<target>/.
#
#   fuzz/seeds.sh [OUT]    # from the repository root or from fuzz/
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/agendalint-fuzz/seeds}"
shared="${AGENDALINT_CORPUS:-../shared/corpus}"
mkdir -p "$out/check_bytes" "$out/config_text"

# check_bytes: every fixture agenda, and every file of the shared corpus.
find fixtures -name '*.md' -print0 | while IFS= read -r -d '' f; do
  cp "$f" "$out/check_bytes/fixture--$(echo "$f" | tr '/' '_')"
done
if [ -d "$shared" ]; then
  i=0
  find "$shared" -type f ! -name 'LICENSE*' -print0 | sort -z |
    while IFS= read -r -d '' f; do i=$((i + 1)); cp "$f" "$out/check_bytes/corpus--$i"; done
fi
# Meeting series: in every folder of a series, each agenda after the others, joined by
# the separator the check_bytes target splits on (earlier meetings, then the agenda).
for dir in fixtures/notes/alex fixtures/notes/priya fixtures/rules/*/*/; do
  mapfile -t agendas < <(find "$dir" -maxdepth 1 -name '*.md' | sort)
  [ "${#agendas[@]}" -gt 1 ] || continue
  for this in "${agendas[@]}"; do
    name="series--$(echo "${this%.md}" | tr '/' '_')"
    : > "$out/check_bytes/$name"
    for other in "${agendas[@]}"; do
      [ "$other" = "$this" ] && continue
      { cat "$other"; printf '\n%%%%%%%%\n'; } >> "$out/check_bytes/$name"
    done
    cat "$this" >> "$out/check_bytes/$name"
  done
done

# config_text: every fixture config, the README's example and the starter config.
find fixtures -name '.agendalint.yaml' -print0 | while IFS= read -r -d '' f; do
  cp "$f" "$out/config_text/fixture--$(echo "$f" | tr '/' '_')"
done
awk '/^```yaml$/ { n++; keep = 0 } n > 0 && /^include:/ { keep = 1 } keep && /^```$/ { exit }
     keep { print }' README.md > "$out/config_text/readme-example.yaml"
cp fuzz/corpus/config_text/* "$out/config_text/"
cp fuzz/corpus/check_bytes/* "$out/check_bytes/"
echo "seeds: $(ls "$out/check_bytes" | wc -l) for check_bytes, $(ls "$out/config_text" | wc -l) for config_text, in $out"
