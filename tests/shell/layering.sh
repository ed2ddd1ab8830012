#!/usr/bin/env bash
# Layers point down only (ARCHITECTURE.md "Layers", README "Layout"): every
# #include "reos/X/..." in a file under lib/reos/F/ names F itself or a folder on F's
# allow-list below. The same list is written in README's Layout section; this test keeps the
# two in step. Usage: layering.sh SOURCE_DIR
set -euo pipefail
root=${1:?usage: layering.sh SOURCE_DIR}

# What each folder may include besides itself. Left of an arrow in ARCHITECTURE.md may include
# what is right of it; folders of one group do not include each other in a circle.
declare -A allowed=(
  [cli]="commands observe pgbackrest minio postgres process config output schedule util error"
  [commands]="observe pgbackrest minio postgres process config output schedule util error"
  [observe]="pgbackrest minio postgres process config output schedule util error"
  [pgbackrest]="process config output util error"
  [minio]="process config output util error"
  [postgres]="process config output util error"
  [process]="util error"
  [config]="util error"
  [output]="process util error"
  [schedule]="util error"
  [util]="error"
  [error]=""
)

# Known leaks (one "file -> included header" a line), for a leak that cannot be removed at once.
# A listed leak that no longer occurs fails too, so the list only shrinks. Empty: keep it so.
known_leaks=""

# Headers private to some files of their own folder: "header: file-prefix ..." (a file is
# allowed when its path starts with one of the prefixes).
private_headers="
reos/commands/restore_support.hpp: lib/reos/commands/restore_pitr.cpp lib/reos/commands/restore_support.cpp lib/reos/commands/verify/
"

status=0
seen_leaks=""
cd "$root"
while IFS= read -r hit; do
  file=${hit%%:*}
  header=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"${hit#*:}")
  from=$(cut -d/ -f3 <<<"$file")
  to=$(cut -d/ -f2 <<<"$header")
  private=$(grep -F "$header: " <<<"$private_headers" || true)
  if [ -n "$private" ]; then
    ok=0
    for prefix in ${private#*: }; do
      case "$file" in "$prefix"*) ok=1 ;; esac
    done
    if [ "$ok" = 0 ]; then
      echo "layering: $file includes \"$header\": that header is only for ${private#*: }" >&2
      status=1
    fi
  fi
  [ "$from" = "$to" ] && continue
  if [ -z "${allowed[$from]+set}" ]; then
    echo "layering: $file: folder '$from' has no allow-list in tests/shell/layering.sh (add one, and to README)" >&2
    status=1
    continue
  fi
  case " ${allowed[$from]} " in *" $to "*) continue ;; esac
  if grep -qxF "$file -> $header" <<<"$known_leaks"; then
    seen_leaks+="$file -> $header"$'\n'
    continue
  fi
  echo "layering: $file includes \"$header\": $from/ may include only: ${allowed[$from]:-nothing}" >&2
  status=1
done < <(grep -rHE '^[[:space:]]*#[[:space:]]*include "reos/' lib/reos)

while IFS= read -r leak; do
  [ -z "$leak" ] && continue
  if ! grep -qxF "$leak" <<<"$seen_leaks"; then
    echo "layering: the known leak '$leak' is gone: remove it from known_leaks" >&2
    status=1
  fi
done <<<"$known_leaks"

for from in "${!allowed[@]}"; do
  line="lib/reos/$from/ may include: ${allowed[$from]:-nothing}"
  if ! grep -qxF "$line" README.md; then
    echo "layering: README's Layout section lacks the line: $line" >&2
    status=1
  fi
done

[ "$status" = 0 ] && echo "layering: every #include \"reos/...\" under lib/ points down"
exit "$status"
