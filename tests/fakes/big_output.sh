#!/bin/sh
# Fake program for the runner tests: $1 bytes of 'e' on stderr, THEN $1 bytes of 'o' on
# stdout. A runner that drained stdout before stderr would deadlock on the full stderr pipe.
n="${1:-1048576}"
head -c "$n" /dev/zero | tr '\0' 'e' >&2
head -c "$n" /dev/zero | tr '\0' 'o'
