#!/usr/bin/env bash
# Trains the wording scorers from the labelled notes and writes rules/wording.model.
# Deterministic: the same corpus gives the same bytes on every machine (see README.md
# here). After it, rebuild (the model is embedded) and run the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --release --quiet --example train_wording -- train "${1:-rules/wording.model}"
