#!/bin/sh
# Fake program for the runner tests: exits at once but leaves a background `sleep $2` that
# still holds stdout and stderr open; its pid goes to $1. The runner must not wait for it.
sleep "$2" &
echo $! > "$1"
echo "parent done"
exit 0
