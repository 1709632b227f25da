#!/usr/bin/env python3
"""Helpers of bench/nagios/run.sh (standard library only; loopback only).

  bench.py rocmon-setup  --base URL --plugin dummy|load --n N --log FILE --out created.json
  bench.py rocmon-status --base URL --created created.json --out status.json
  bench.py analyze-nagios --perf perf.log --window window.json --n N --out result.json
  bench.py analyze-rocmon --log measures.log --created created.json --status status.json --window window.json
                          --n N --out result.json
  bench.py combine --out all.json [--note TEXT] result.json...
  bench.py table all.json
"""
import argparse
import http.client
import json
import math
import os
import sys
import time
import urllib.parse

PERIOD_S = 1.0
PLUGIN_DIR = "/usr/lib/nagios/plugins"
# The same command lines on both sides; no shell metacharacters, so Nagios execs them without /bin/sh too.
PLUGINS = {
    "dummy": ("check_dummy", "0 ok"),
    "load": ("check_load", "-w 1000,1000,1000 -c 2000,2000,2000"),
}
SENSOR = "nb"
RESOURCE = "bench"
NS = "com.example.occi.monitoring."


class Http:
    """One keep-alive connection to the node; loopback only."""

    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        if u.hostname not in ("127.0.0.1", "localhost"):
            sys.exit("refusing a non-loopback base URL: " + base)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if os.environ.get("ROCMON_NODE_TOKEN"):  # the node APIs need the node token (docs/security.md)
            headers["Authorization"] = "Bearer " + os.environ["ROCMON_NODE_TOKEN"]
        for attempt in range(3):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                return r.status, r.read().decode("utf-8", "replace")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    raise
                time.sleep(0.2)


def rocmon_setup(a):
    h = Http(a.base)
    sensor = {
        "id": SENSOR, "kind": "http://schemas.ogf.org/occi/monitoring#sensor",
        "mixins": ["http://example.com/occi/monitoring/publisher#Log"],
        "attributes": {"occi.sensor.period": PERIOD_S, NS + "Log.filename": a.log, NS + "Log.in_msg": "st"},
        "links": [],
    }
    code, text = h.call("POST", f"/sensor/{SENSOR}/", sensor)
    if code not in (200, 201):
        sys.exit(f"sensor definition refused: {code} {text[:400]}")
    command, args = PLUGINS[a.plugin]
    created = {}
    for i in range(a.n):
        cid = f"c{i}"
        body = {
            "id": cid, "kind": "http://schemas.ogf.org/occi/monitoring#collector",
            "mixins": ["http://example.com/occi/monitoring/metric#NagiosPlugin"],
            "attributes": {"occi.collector.period": PERIOD_S, NS + "NagiosPlugin.command": command,
                           NS + "NagiosPlugin.args": args, NS + "NagiosPlugin.timeout": 10,
                           NS + "NagiosPlugin.state": "st"},
            "source": RESOURCE, "target": SENSOR,
        }
        before = time.time() * 1000
        code, text = h.call("POST", f"/resource/{RESOURCE}/collector/{cid}", body)
        if code not in (200, 201):
            sys.exit(f"collector {cid} refused: {code} {text[:400]}")
        created[cid] = {"before": before, "after": time.time() * 1000}
    with open(a.out, "w") as f:
        json.dump(created, f)
    spread = (max(v["after"] for v in created.values()) - min(v["before"] for v in created.values())) / 1000
    print(f"defined sensor {SENSOR} and {a.n} collectors in {spread:.1f} s")


def rocmon_status(a):
    h = Http(a.base)
    with open(a.created) as f:
        created = json.load(f)
    totals, states, schedules = {}, {}, {}
    for cid in created:
        code, text = h.call("GET", f"/resource/{RESOURCE}/collector/{cid}")
        if code != 200:
            states["http " + str(code)] = states.get("http " + str(code), 0) + 1
            continue
        described = json.loads(text)
        schedules[cid] = described.get("schedule", {})
        status = described.get("status", {})
        states[status.get("state")] = states.get(status.get("state"), 0) + 1
        for k, v in status.get("counters", {}).items():
            totals[k] = totals.get(k, 0) + v
    code, text = h.call("GET", f"/sensor/{SENSOR}/")
    sensor = json.loads(text).get("status", {}) if code == 200 else {"http": code}
    with open(a.out, "w") as f:
        json.dump({"collectors": totals, "states": states, "sensor": sensor, "schedules": schedules}, f)


def rocmon_scheduler(a):
    """The node's scheduler section of GET /resource/ (cumulative lateness buckets), for window differences."""
    code, text = Http(a.base).call("GET", "/resource/")
    with open(a.out, "w") as f:
        json.dump(json.loads(text).get("scheduler", {}) if code == 200 else {"http": code}, f)


def histogram_window(before, after):
    """Percentiles of the lateness recorded between two readings of the node's cumulative buckets."""
    b0 = before.get("lateness", {}).get("buckets", {})
    b1 = after.get("lateness", {}).get("buckets", {})
    diff = sorted(((float("inf") if k == "more" else float(k)), v - b0.get(k, 0)) for k, v in b1.items())
    n = sum(v for _, v in diff)
    out = {"samples": n}
    for p in (50, 90, 99):
        rank, seen = max(1, math.ceil(p / 100 * n)), 0
        for bound, v in diff:
            seen += v
            if seen >= rank:
                out[f"p{p}"] = bound if bound != float("inf") else after["lateness"].get("maxMillis")
                break
    return out


def pct(sorted_values, p):
    """Linear interpolation between closest ranks."""
    if not sorted_values:
        return None
    h = (len(sorted_values) - 1) * p / 100.0
    lo = int(math.floor(h))
    if lo + 1 >= len(sorted_values):
        return sorted_values[-1]
    return sorted_values[lo] + (h - lo) * (sorted_values[lo + 1] - sorted_values[lo])


def summary(values_ms):
    v = sorted(values_ms)
    return {"p50": pct(v, 50), "p90": pct(v, 90), "p99": pct(v, 99), "max": v[-1] if v else None,
            "mean": sum(v) / len(v) if v else None, "samples": len(v)}


def common(w, n, checks, seconds):
    cpu = w["cpu1"]["cpu"] - w["cpu0"]["cpu"]
    wall = w["t1"] - w["t0"]
    rate = checks / seconds if seconds > 0 else 0
    return {
        "services": n, "scheduled_per_s": n / PERIOD_S, "checks": checks, "seconds": seconds,
        "checks_per_s": rate, "achieved_ratio": rate / (n / PERIOD_S),
        "cpu_s": cpu, "cpu_cores": cpu / wall,
        "cpu_ms_per_check": 1000 * cpu / (rate * wall) if rate > 0 else None,
        "procs_at_end": w["cpu1"]["procs"], "threads_at_end": w["cpu1"]["threads"],
        "loadavg_before": w.get("load0"), "loadavg_after": w.get("load1"),
    }


def analyze_nagios(a):
    with open(a.window) as f:
        w = json.load(f)
    # $LASTSERVICECHECK$ is whole seconds: count whole seconds inside the CPU window.
    lo, hi = math.ceil(w["t0"]), math.floor(w["t1"])
    lat, states, checks = [], {}, 0
    with open(a.perf) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                continue
            try:
                started = int(parts[0])
                latency = float(parts[2])
            except ValueError:
                continue
            if lo <= started < hi:
                checks += 1
                lat.append(latency * 1000)
                states[parts[4]] = states.get(parts[4], 0) + 1
    r = {"system": "nagios4", "plugin": a.plugin}
    r.update(common(w, a.n, checks, hi - lo))
    r["lateness_ms"] = summary(lat)
    r["lateness_definition"] = "Nagios' own check latency ($SERVICELATENCY$): dispatch time minus scheduled time"
    r["states"] = states
    with open(a.out, "w") as f:
        json.dump(r, f, indent=1)
    print(json.dumps({k: r[k] for k in ("checks_per_s", "cpu_ms_per_check")}), "lateness", r["lateness_ms"])


def analyze_rocmon(a):
    with open(a.window) as f:
        w = json.load(f)
    with open(a.created) as f:
        created = json.load(f)
    t0, t1 = w["t0"] * 1000, w["t1"] * 1000
    period = PERIOD_S * 1000
    by_source, states, unsourced = {}, {}, 0
    with open(a.log) as f:
        for line in f:
            try:
                m = json.loads(line)
            except ValueError:
                continue
            src = m.get("source")
            if src not in created:
                unsourced += 1
                continue
            by_source.setdefault(src, []).append(m["ts"])
            if t0 <= m["ts"] < t1:
                states[str(m.get("value"))] = states.get(str(m.get("value")), 0) + 1
    status = {}
    try:
        with open(a.status) as f:
            status = json.load(f)
    except (OSError, ValueError):
        pass
    schedules = status.get("schedules", {})
    late, checks, beyond = [], 0, 0
    for src, ts in by_source.items():
        sched = schedules.get(src, {})
        anchor, first = sched.get("phaseAnchor"), sched.get("firstRoundAt")
        p = sched.get("periodMillis", period)
        for t in ts:
            if not (t0 <= t < t1):
                continue
            checks += 1
            if anchor is None:
                continue
            # The collector's own schedule: a first round at firstRoundAt, then phaseAnchor + k * period. A
            # measurement belongs to the latest round due at or before its timestamp (exact below one period;
            # a round later than that makes the next one skip, which the node's counters show).
            due = first if t < anchor else anchor + math.floor((t - anchor) / p) * p
            late.append(t - due)
    r = {"system": "rocmon", "plugin": a.plugin}
    r.update(common(w, a.n, checks, w["t1"] - w["t0"]))
    r["lateness_ms"] = summary(late)
    r["lateness_definition"] = ("measurement timestamp (the moment the collector started the check) minus the "
                                "time that round was due by the collector's exported schedule")
    if a.sched_before and a.sched_after:
        try:
            with open(a.sched_before) as f0, open(a.sched_after) as f1:
                s0, s1 = json.load(f0), json.load(f1)
            r["lateness_node_histogram_ms"] = histogram_window(s0, s1)
            r["scheduler_after"] = {k: v for k, v in s1.items() if k != "lateness"}
        except (OSError, ValueError, KeyError):
            pass
    r["values"] = states
    r["collectors_seen"] = len(by_source)
    r["lines_without_known_source"] = unsourced
    if status:
        r["node_status"] = {k: v for k, v in status.items() if k != "schedules"}
    with open(a.out, "w") as f:
        json.dump(r, f, indent=1)
    print(json.dumps({k: r[k] for k in ("checks_per_s", "cpu_ms_per_check")}), "lateness", r["lateness_ms"])


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def combine(a):
    """All runs of one invocation in one file, with Rocmon/Nagios ratios per plugin and N."""
    runs = []
    for path in a.files:
        try:
            with open(path) as f:
                runs.append(json.load(f))
        except (OSError, ValueError):
            print("missing or unreadable result:", path, file=sys.stderr)
    ratios = []
    for r in runs:
        if r["system"] != "rocmon":
            continue
        for q in runs:
            if q["system"] == "nagios4" and q["plugin"] == r["plugin"] and q["services"] == r["services"]:
                def ratio(x, y):
                    return None if x is None or not y else x / y
                ratios.append({
                    "plugin": r["plugin"], "services": r["services"],
                    "checks_per_s": ratio(r["checks_per_s"], q["checks_per_s"]),
                    "cpu_ms_per_check": ratio(r["cpu_ms_per_check"], q["cpu_ms_per_check"]),
                    "lateness_p50": ratio(r["lateness_ms"]["p50"], q["lateness_ms"]["p50"]),
                    "lateness_p99": ratio(r["lateness_ms"]["p99"], q["lateness_ms"]["p99"]),
                })
    out = {"note": a.note, "runs": runs, "ratios_rocmon_over_nagios": ratios}
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
    print_table(runs, ratios)


def table(a):
    with open(a.file) as f:
        c = json.load(f)
    print_table(c["runs"], c["ratios_rocmon_over_nagios"])


def print_table(rows, ratios):
    print(f"{'system':8} {'plugin':6} {'N':>5} {'checks/s':>9} {'of sched':>8} {'CPU ms/check':>12} "
          f"{'cores':>6} {'late p50':>9} {'late p99':>9}")
    for r in rows:
        lat = r["lateness_ms"]
        print(f"{r['system']:8} {r['plugin']:6} {r['services']:>5} {fmt(r['checks_per_s'], '.1f'):>9} "
              f"{fmt(100 * r['achieved_ratio'], '.0f') + '%':>8} {fmt(r['cpu_ms_per_check'], '.2f'):>12} "
              f"{fmt(r['cpu_cores'], '.2f'):>6} {fmt(lat['p50'], '.1f'):>9} {fmt(lat['p99'], '.1f'):>9}")
    if ratios:
        print()
        print(f"{'rocmon/nagios':14} {'N':>5} {'checks/s':>9} {'CPU/check':>9} {'late p50':>9} {'late p99':>9}")
        for q in ratios:
            print(f"{q['plugin']:14} {q['services']:>5} {fmt(q['checks_per_s'], '.2f'):>9} "
                  f"{fmt(q['cpu_ms_per_check'], '.2f'):>9} {fmt(q['lateness_p50'], '.2f'):>9} "
                  f"{fmt(q['lateness_p99'], '.2f'):>9}")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("rocmon-setup")
    s.add_argument("--base", required=True)
    s.add_argument("--plugin", choices=PLUGINS, required=True)
    s.add_argument("--n", type=int, required=True)
    s.add_argument("--log", required=True)
    s.add_argument("--out", required=True)
    s = sub.add_parser("rocmon-status")
    s.add_argument("--base", required=True)
    s.add_argument("--created", required=True)
    s.add_argument("--out", required=True)
    for name in ("analyze-nagios", "analyze-rocmon"):
        s = sub.add_parser(name)
        s.add_argument("--plugin", choices=PLUGINS, required=True)
        s.add_argument("--window", required=True)
        s.add_argument("--n", type=int, required=True)
        s.add_argument("--out", required=True)
        if name == "analyze-nagios":
            s.add_argument("--perf", required=True)
        else:
            s.add_argument("--log", required=True)
            s.add_argument("--created", required=True)
            s.add_argument("--status", default="")
            s.add_argument("--sched-before", default="")
            s.add_argument("--sched-after", default="")
    s = sub.add_parser("rocmon-scheduler")
    s.add_argument("--base", required=True)
    s.add_argument("--out", required=True)
    s = sub.add_parser("combine")
    s.add_argument("--out", required=True)
    s.add_argument("--note", default="")
    s.add_argument("files", nargs="+")
    s = sub.add_parser("table")
    s.add_argument("file")
    a = p.parse_args()
    {"rocmon-setup": rocmon_setup, "rocmon-status": rocmon_status, "analyze-nagios": analyze_nagios,
     "analyze-rocmon": analyze_rocmon,
     "rocmon-scheduler": rocmon_scheduler, "combine": combine, "table": table}[a.cmd](a)


if __name__ == "__main__":
    main()
