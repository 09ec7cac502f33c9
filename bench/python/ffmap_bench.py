#!/usr/bin/env python3
"""CPython baseline for the ffmap benchmark suite (stdlib mmap), driven in lockstep.

Usage:
  python3 ffmap_bench.py                          serve: commands from stdin, one per line
  python3 ffmap_bench.py <case> <path> <ops>      run one command and exit

A command is "<case> <path> <ops>": run one timed batch of <ops> operations and print one JSON
line {"case":…,"ns_per_op":…,"ops":…,"check":…,"m":{}}. The driver (dev.ffmap.bench.rounds)
sends one command per round, between the Java sides' batches, so both see the same machine
load. A file is opened and mapped at its first command and kept. Diagnostics go to stderr.
"""
import json
import mmap
import os
import sys
import time

NEEDLE = b"ffmap-needle-16b"
CHUNK = 1 << 20

_maps = {}


def die(call, args, err):
    """Reports a failed call in the agreed format and exits with status 1."""
    print(f"{call}({args}) failed: {err.strerror or err}", file=sys.stderr)
    sys.exit(1)


def open_ro(path):
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        die("open", f'"{path}", O_RDONLY|O_CLOEXEC', e)


def map_ro(fd):
    try:
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    except OSError as e:
        die("mmap", f"{fd}, 0, ACCESS_READ", e)


def mapped(path):
    """The file's descriptor and read-only mapping, made at the first use and kept."""
    if path not in _maps:
        fd = open_ro(path)
        _maps[path] = (fd, map_ro(fd))
    return _maps[path]


def case_find(path, ops):
    m = mapped(path)[1]
    off = -1
    for _ in range(ops):
        off = m.find(NEEDLE, 0)
    if off != len(m) - len(NEEDLE):
        print(f"find: offset {off}, expected {len(m) - len(NEEDLE)}", file=sys.stderr)
        sys.exit(1)
    return str(off)


def case_readline(path, ops):
    m = mapped(path)[1]
    lines = 0
    for _ in range(ops):
        m.seek(0)
        lines = 0
        readline = m.readline  # bound once: the loop is the hot path
        while readline():
            lines += 1
    return str(lines)


def case_read(path, ops):
    m = mapped(path)[1]
    total = 0
    for _ in range(ops):
        m.seek(0)
        total = 0
        read = m.read
        while True:
            n = len(read(CHUNK))
            if n == 0:
                break
            total += n
    return str(total)


def case_map_unmap(path, ops):
    fd = mapped(path)[0]
    for _ in range(ops):
        map_ro(fd).close()
    return f"size={os.fstat(fd).st_size}"


CASES = {
    "find": case_find,
    "readline": case_readline,
    "read": case_read,
    "map-unmap": case_map_unmap,
}


def command(words):
    """Runs one command; returns False for a bad one."""
    if len(words) != 3 or words[0] not in CASES or not words[2].isdigit() or int(words[2]) <= 0:
        print("usage: <case> <path> <ops>; cases: " + " ".join(CASES), file=sys.stderr)
        return False
    name, path, ops = words[0], words[1], int(words[2])
    t0 = time.perf_counter_ns()
    check = CASES[name](path, ops)
    ns = time.perf_counter_ns() - t0
    print(json.dumps({"case": name, "ns_per_op": round(ns / ops, 2), "ops": ops, "check": check, "m": {}},
                     separators=(",", ":")), flush=True)
    return True


def main(argv):
    if len(argv) > 1:
        return 0 if command(argv[1:]) else 2
    for line in sys.stdin:
        if not command(line.split()):
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
