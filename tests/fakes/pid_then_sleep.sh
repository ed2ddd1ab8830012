#!/bin/sh
# Fake program for the runner tests: writes its own pid to $1, then becomes `sleep $2` (same
# pid, so the pid names the runner's direct child).
echo $$ > "$1"
exec sleep "$2"
