#!/bin/sh
# Fake program for the runner tests: one line on each stream, then exit with status $1.
echo "to stdout"
echo "to stderr" >&2
exit "${1:-0}"
