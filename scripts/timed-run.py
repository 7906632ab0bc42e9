#!/usr/bin/env python3
"""Runs a command once and appends its wall time in seconds to a file.

The process is started with posix_spawn and reaped with waitpid, so the time is the command's
own: no `/usr/bin/time` or shell in between (wrapping a 15 ms process in `/usr/bin/time` adds
about 6 ms here). Peak memory is measured in a separate run (`/usr/bin/time -f %M`): the
`ru_maxrss` of a child spawned from Python includes Python's own pages at the exec. Its
standard output is discarded. Used by compare-with-cdk.sh and time-example.sh.

    timed-run.py RESULTS -- COMMAND [ARGS...]
"""
import os
import shutil
import sys
import time


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: timed-run.py RESULTS -- COMMAND [ARGS...]")
    results, command = sys.argv[1], sys.argv[3:]
    program = shutil.which(command[0])
    if program is None:
        sys.exit(f"timed-run.py: {command[0]}: command not found")
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1)]
    start = time.perf_counter()
    pid = os.posix_spawn(program, command, os.environ, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"timed-run.py: {' '.join(command)} exited with {code}")
    with open(results, "a", encoding="utf-8") as out:
        out.write(f"{wall:.6f}\n")


if __name__ == "__main__":
    main()
