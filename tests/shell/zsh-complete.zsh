#!/usr/bin/env zsh
# Completes a command line in a real interactive zsh (on a pseudo-terminal from zsh/zpty) with
# the _reos-backup in COMPLETIONS_DIR loaded by compinit, and prints the candidates zsh
# offered, sorted, one per line. compadd is wrapped to record what finally gets added.
# usage: zsh-complete.zsh COMPLETIONS_DIR 'reos-backup backup --type '
emulate -L zsh
zmodload zsh/zpty || { print -u2 "zsh-complete: the zsh/zpty module is missing"; exit 2 }
local dir=$1 line=$2 out i
out=$(mktemp) || exit 2
zpty z zsh -f -i
zpty -w z "PROMPT=''; fpath=(${(q)dir} \$fpath); autoload -U compinit; compinit -u -D"
# _arguments itself calls compadd with -O/-A/-D to compute candidates: pass those through and
# record only the calls that add matches. After completion, a marker says "done".
zpty -w z "compadd() { if [[ \${(j: :)@} == *(-O|-A|-D)* ]]; then builtin compadd \"\$@\"; return; fi
  local -a __m; builtin compadd -O __m \"\$@\"; (( \$#__m )) && print -rl -- \$__m >> ${(q)out}; builtin compadd \"\$@\" }"
zpty -w z "__done() { print -r -- __zsh_complete_done__ >> ${(q)out} }; comppostfuncs=(__done)"
zpty -w z "$line"$'\t'
for i in {1..400}; do
  grep -qx __zsh_complete_done__ $out 2>/dev/null && break
  sleep 0.05
done
zpty -d z
if ! grep -qx __zsh_complete_done__ $out; then
  print -u2 "zsh-complete: no completion finished within 20 s for: $line"
  rm -f $out
  exit 1
fi
grep -vx __zsh_complete_done__ $out | sort -u
rm -f $out
