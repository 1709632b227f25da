#!/usr/bin/env python3
"""CPU seconds used so far by a process tree, from /proc (no cgroups).

Prints one JSON object: {"cpu": seconds, "procs": live processes in the tree, "threads": their threads}.
cpu = utime + stime + cutime + cstime of the root and of every live descendant. A child's own times move into
its parent's cutime/cstime when the parent reaps it, so this sum only grows and counts reaped plugins exactly
once; a plugin still running at the sample is counted with what it used so far.
"""
import json
import os
import sys

TICK = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    rest = s[s.rindex(")") + 2:].split()  # fields from 3 (state) on; the command name may hold spaces
    return int(rest[1]), [int(x) for x in rest[11:15]], int(rest[17])  # ppid, utime..cstime, num_threads


def tree(root):
    children = {}
    info = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            ppid, times, threads = stat(int(name))
        except (OSError, ValueError, IndexError):
            continue  # gone between listdir and open
        info[int(name)] = (times, threads)
        children.setdefault(ppid, []).append(int(name))
    todo, seen = [root], []
    while todo:
        p = todo.pop()
        if p in info:
            seen.append(p)
            todo.extend(children.get(p, []))
    return seen, info


def main():
    root = int(sys.argv[1])
    pids, info = tree(root)
    cpu = sum(sum(info[p][0]) for p in pids) / TICK
    print(json.dumps({"cpu": cpu, "procs": len(pids), "threads": sum(info[p][1] for p in pids)}))


if __name__ == "__main__":
    main()
