"""Runs commands interleaved and reports each run's wall time and the CPU time (user + system) of
the process, which os.wait4 gives to the microsecond: CPU time is far less disturbed than wall time
by other work on a shared machine. Node has no API for a child's CPU time, hence this helper.

Input (stdin, JSON): {"rounds": N, "warmup": 1, "cwd": "...", "commands": {"key": ["argv0", ...]}}
Output (stdout, JSON): {"key": {"wall": [ms, ...], "cpu": [ms, ...], "status": [code, ...]}}
stdout of the commands goes to /dev/null; their stderr too unless PYENVC_BENCH_STDERR is set.
"""
import json
import os
import sys
import time

spec = json.load(sys.stdin)
keys = list(spec["commands"])
out = {k: {"wall": [], "cpu": [], "status": []} for k in keys}
devnull = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, devnull, 1)]
if not os.environ.get("PYENVC_BENCH_STDERR"):
    actions.append((os.POSIX_SPAWN_DUP2, devnull, 2))
os.chdir(spec.get("cwd", "."))
warmup = spec.get("warmup", 1)
for r in range(warmup + spec["rounds"]):
    for i in range(len(keys)):
        key = keys[(i + r) % len(keys)]
        argv = spec["commands"][key]
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, dict(os.environ), file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall = (time.perf_counter() - start) * 1000
        if r >= warmup:
            out[key]["wall"].append(wall)
            out[key]["cpu"].append((usage.ru_utime + usage.ru_stime) * 1000)
            out[key]["status"].append(os.waitstatus_to_exitcode(status))
json.dump(out, sys.stdout)
