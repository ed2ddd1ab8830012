#!/bin/sh
# Fake program for the runner tests: ignores SIGTERM (and so does its sleep), so only the
# runner's SIGKILL after the grace period can stop it.
trap '' TERM
echo ready
sleep 60
sleep 60
