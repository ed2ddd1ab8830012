#!/bin/sh
# Fake program for the runner tests: prints each argument as [arg], one per line.
for a in "$@"; do printf '[%s]\n' "$a"; done
