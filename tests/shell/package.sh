#!/usr/bin/env bash
# The Debian package: cpack builds reos-backup_<version>_amd64.deb from the build tree, it
# holds the binary, the gzip'd man page and the completions in the standard places, and it
# depends on pgbackrest and libpq5. With root and CI=true (or REOS_TEST_DPKG_INSTALL=1) it is
# installed with dpkg -i, used, and removed again, leaving the machine as found.
# usage: package.sh BUILD_DIR VERSION
set -uo pipefail
build=$1
version=$2
. "$(dirname "$0")/lib.sh"
need cpack dpkg-deb dpkg-shlibdeps gzip

tmp=$(mktemp -d)
installed_by_us=0
cleanup() {
  if [ "$installed_by_us" = 1 ]; then dpkg -r reos-backup >/dev/null 2>&1 || echo "warning: dpkg -r reos-backup failed" >&2; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

deb=$tmp/reos-backup_${version}_amd64.deb
if out=$(cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp" 2>&1) && [ -f "$deb" ]; then
  ok "cpack builds $(basename "$deb")"
else
  not_ok "cpack builds reos-backup_${version}_amd64.deb" "$out"
  finish
fi

listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
echo "# dpkg-deb -c:"; printf '%s\n' "$listing" | sed 's/^/#   /'
for f in ./usr/bin/reos-backup ./usr/share/man/man1/reos-backup.1.gz \
         ./usr/share/bash-completion/completions/reos-backup ./usr/share/zsh/vendor-completions/_reos-backup \
         ./usr/share/fish/vendor_completions.d/reos-backup.fish ./usr/share/doc/reos-backup/copyright; do
  expect_contains "package holds $f" "$f" "$listing"
done
if grep -q 'reos-backup-gen' <<<"$listing"; then not_ok "the generator is not packaged"; else ok "the generator is not packaged"; fi

depends=$(dpkg-deb -f "$deb" Depends)
echo "# Depends: $depends"
for d in pgbackrest libpq5; do
  if tr ',' '\n' <<<"$depends" | sed 's/^ *//' | grep "^$d\b" >/dev/null; then ok "depends on $d"; else
    not_ok "depends on $d" "$depends"; fi
done

if { [ "$(id -u)" = 0 ] && [ "${CI:-}" = true ]; } || [ "${REOS_TEST_DPKG_INSTALL:-}" = 1 ]; then
  need dpkg man
  # A reos-backup installed before the test stays installed afterwards.
  dpkg-query -W -f='${Status}' reos-backup 2>/dev/null | grep "install ok installed" >/dev/null || installed_by_us=1
  if out=$(dpkg -i "$deb" 2>&1); then ok "dpkg -i installs the package"; else not_ok "dpkg -i installs the package" "$out"; fi
  if out=$(/usr/bin/reos-backup --version 2>&1) && [ "$out" = "reos-backup $version" ]; then
    ok "installed reos-backup --version"
  else
    not_ok "installed reos-backup --version" "$out"
  fi
  # shellcheck disable=SC2209  # MANPAGER=cat is man's environment, not an assignment of "cat"
  if out=$(MANPAGER=cat man reos-backup 2>&1) && grep -q 'EXIT STATUS' <<<"$out"; then
    ok "man reos-backup shows the installed page"
  else
    not_ok "man reos-backup shows the installed page" "$(printf '%s\n' "$out" | head -5)"
  fi
  if [ "$installed_by_us" = 1 ]; then
    if out=$(dpkg -r reos-backup 2>&1); then ok "dpkg -r removes it again"; installed_by_us=0; else
      not_ok "dpkg -r removes it again" "$out"; fi
    if [ -e /usr/bin/reos-backup ]; then not_ok "nothing left in /usr/bin"; else ok "nothing left in /usr/bin"; fi
  fi
else
  echo "# dpkg -i not tried: needs root and CI=true, or REOS_TEST_DPKG_INSTALL=1"
fi
finish
