#!/usr/bin/env python3
"""Runs a command once and appends its wall time in seconds (or, with --peak, its peak
resident memory in kilobytes) to a file. Used by compare-with-cdk.sh and time-example.sh.

The process is started with posix_spawn and reaped with waitpid, so the time is the command's
own: no `/usr/bin/time` or shell in between (wrapping a 15 ms process in `/usr/bin/time` adds
about 6 ms here). Peak memory therefore takes a run of its own, under `/usr/bin/time -f %M`:
the `ru_maxrss` of a child spawned from Python includes Python's own pages at the exec. The
command's standard output is discarded.

    timed-run.py [--peak] RESULTS -- COMMAND [ARGS...]
"""
import os
import shutil
import sys
import tempfile
import time

USAGE = "usage: timed-run.py [--peak] RESULTS -- COMMAND [ARGS...]"


def run(command: list[str]) -> float:
    """Runs `command` with its output discarded; returns its wall time in seconds."""
    program = shutil.which(command[0])
    if program is None:
        sys.exit(f"timed-run.py: {command[0]}: command not found")
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1)]
    start = time.perf_counter()
    pid = os.posix_spawn(program, command, os.environ, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    wall = time.perf_counter() - start
    os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"timed-run.py: {' '.join(command)} exited with {code}")
    return wall


def main() -> None:
    args = sys.argv[1:]
    peak = args[:1] == ["--peak"]
    if peak:
        args = args[1:]
    if len(args) < 3 or args[1] != "--":
        sys.exit(USAGE)
    results, command = args[0], args[2:]
    if peak:
        with tempfile.NamedTemporaryFile("r", encoding="utf-8") as memory:
            run(["/usr/bin/time", "-f", "%M", "-o", memory.name, *command])
            line = f"{int(memory.read())}\n"
    else:
        line = f"{run(command):.6f}\n"
    with open(results, "a", encoding="utf-8") as out:
        out.write(line)


if __name__ == "__main__":
    main()
