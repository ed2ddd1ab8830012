#!/bin/sh
# Fake program for the runner tests: dies from signal $1 (e.g. KILL, TERM).
echo "about to die" >&2
kill -s "$1" $$
sleep 5
