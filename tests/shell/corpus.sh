#!/usr/bin/env bash
# Runs the hidden [.corpus] unit tests over ../shared/corpus/pgbackrest/info and .../verify
# (beside the clone; CI has them). Without it: "corpus absent", a skip (77), or a failure when CI=true.
# Usage: corpus.sh UNIT_TESTS_BIN SHARED_DIR
set -euo pipefail
for dir in "$2/corpus/pgbackrest/info" "$2/corpus/pgbackrest/verify"; do
  if [ ! -d "$dir" ]; then
    echo "corpus absent: $dir does not exist (CI has ../shared beside the clone)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
  fi
done
exec "$1" "[.corpus]"
