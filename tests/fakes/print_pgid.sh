#!/bin/sh
# Fake program for the runner tests: prints "PID PGID" of itself.
# shellcheck disable=SC2034  # comm, state and ppid are read only to reach pgrp (field 5)
read -r pid comm state ppid pgrp rest < /proc/$$/stat
echo "$pid $pgrp"
