#!/bin/sh
# Fake program for the runner tests: starts a grandchild `sleep $1` in the background (same
# process group), writes its pid to $2 when given, then sleeps $1 seconds itself.
sleep "$1" &
if [ -n "$2" ]; then echo $! > "$2"; fi
sleep "$1"
