#!/bin/sh
# Fake program for the runner tests: prints "PID PGID" of itself.
read -r pid comm state ppid pgrp rest < /proc/$$/stat
echo "$pid $pgrp"
