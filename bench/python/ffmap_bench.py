#!/usr/bin/env python3
"""CPython baseline for the ffmap benchmark suite (stdlib mmap module).

Usage: python3 ffmap_bench.py <case> <file> [scale]
Prints one JSON line to stdout; diagnostics go to stderr.
"""
import json
import mmap
import os
import statistics
import sys
import time

IMPL = "cpython"
NEEDLE = b"ffmap-needle-16b"
CHUNK = 1 << 20


def die(call, args, err):
    """Reports a failed call in the agreed format and exits with status 1."""
    print(f"{call}({args}) failed: {err.strerror or err}", file=sys.stderr)
    sys.exit(1)


def reps(base, scale, minimum):
    """Scales a repetition count, never going below the case's minimum."""
    return max(minimum, int(base * scale + 0.5))


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


def time_batches(batch, batches, ops):
    """One untimed warm-up batch, then `batches` timed ones.

    Returns (median ns per op, timed ops, result of the last batch). The
    median is used because the 2-core machine is noisy.
    """
    last = batch(ops)
    per_op = []
    for _ in range(batches):
        t0 = time.perf_counter_ns()
        last = batch(ops)
        per_op.append((time.perf_counter_ns() - t0) / ops)
    return statistics.median(per_op), batches * ops, last


def with_map(path, body):
    """Opens and maps the whole file read-only, runs body(m, size), cleans up."""
    fd = open_ro(path)
    m = map_ro(fd)
    try:
        return body(m, len(m))
    finally:
        m.close()
        os.close(fd)


def case_find(path, scale):
    def body(m, size):
        def batch(ops):
            for _ in range(ops):
                off = m.find(NEEDLE, 0)
            return off

        ns, ops, off = time_batches(batch, reps(5, scale, 3), 1)
        if off != size - 16:
            print(f"find: offset {off}, expected {size - 16}", file=sys.stderr)
        return ns, size, ops, str(off)

    return with_map(path, body)


def case_readline(path, scale):
    def body(m, size):
        def batch(ops):
            for _ in range(ops):
                m.seek(0)
                lines = 0
                readline = m.readline  # bound once: the loop is the hot path
                while readline():
                    lines += 1
            return lines

        ns, ops, lines = time_batches(batch, reps(3, scale, 1), 1)
        if lines:
            print(f"readline: {ns / lines:.1f} ns per line ({lines} lines)",
                  file=sys.stderr)
        return ns, size, ops, str(lines)

    return with_map(path, body)


def case_read(path, scale):
    def body(m, size):
        def batch(ops):
            for _ in range(ops):
                m.seek(0)
                total = 0
                read = m.read
                while True:
                    n = len(read(CHUNK))
                    if n == 0:
                        break
                    total += n
            return total

        ns, ops, total = time_batches(batch, reps(5, scale, 3), 1)
        return ns, size, ops, str(total)

    return with_map(path, body)


def case_map_unmap(path, scale):
    fd = open_ro(path)
    count = 0

    def batch(ops):
        nonlocal count
        for _ in range(ops):
            map_ro(fd).close()
            count += 1
        return count

    try:
        ns, ops, _ = time_batches(batch, reps(5, scale, 3), 10000)
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    return ns, 0, ops, f"maps={count};size={size}"


CASES = {
    "find": case_find,
    "readline": case_readline,
    "read": case_read,
    "map-unmap-4k": case_map_unmap,
}


def main(argv):
    if len(argv) not in (3, 4) or argv[1] not in CASES:
        print("usage: ffmap_bench.py <case> <file> [scale]\ncases: "
              + " ".join(CASES), file=sys.stderr)
        return 2
    try:
        scale = float(argv[3]) if len(argv) == 4 else 1.0
    except ValueError:
        scale = 0.0
    if not scale > 0:
        print(f"bad scale: {argv[3]}", file=sys.stderr)
        return 2
    name = argv[1]
    ns, bytes_per_op, ops, check = CASES[name](argv[2], scale)
    print(json.dumps({"case": name, "impl": IMPL, "ns_per_op": round(ns, 2),
                      "bytes_per_op": bytes_per_op, "ops": ops, "check": check},
                     separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
