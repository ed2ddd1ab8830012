#!/usr/bin/env bash
# Runs the hidden [.corpus] unit test over ../shared/corpus/pgbackrest/info (beside the clone;
# CI has it). Without it: "corpus absent", a skip (77), or a failure when CI=true.
# Usage: corpus.sh UNIT_TESTS_BIN SHARED_DIR
set -euo pipefail
dir="$2/corpus/pgbackrest/info"
if [ ! -d "$dir" ]; then
  echo "corpus absent: $dir does not exist (CI has ../shared beside the clone)"
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi
exec "$1" "[.corpus]"
