#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench's report: reads the AMP-BENCH lines of the guest's console log
and of the host measurements, prints the table (min, median, max of each
side over the rounds, ratio of the medians, the target), and writes
results.json (commit, kernel, rounds, raw samples), a markdown table and the
plot (gnuplot, pngcairo): one panel per figure, ours against the reference,
bars at the median with min-max whiskers. Also writes one TAP-like line per
figure side (--results): ok, ok # SKIP reason, or not ok; speed is never
judged.

usage: report.py --commit C --kernel K --accel A --rounds N --json F
                 --plot F --table F --results F LOG...
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

LINE = re.compile(r"AMP-BENCH (\S+) (\S+) (\d+) (.*)$")
SKIP = re.compile(r"AMP-BENCH-SKIP (\S+) (\S+) (.*)$")
FAIL = re.compile(r"AMP-BENCH-FAIL (\S+) (\S+) (\S+) (.*)$")
INFO = re.compile(r"AMP-BENCH-INFO (.*)$")

# Each row: label, unit, scale (raw value times scale = shown value),
# side A (figure, implementation, metric), side B (the same, or None), the
# names of the two sides, and the target (text only: nothing is asserted).
US, S = 1e-3, 1e-6
ROWS = [
    ("kernel echo 64 B, throughput", "msg/s", 1,
     ("kecho64-tput", "ours", "msgs_per_s"), ("kecho64-tput", "ref", "msgs_per_s"),
     "amp_rpmsg", "mainline", ">= 2x"),
    ("kernel echo 64 B, RTT median", "us", US,
     ("kecho64-lat", "ours", "rtt_med_ns"), ("kecho64-lat", "ref", "rtt_med_ns"),
     "amp_rpmsg", "mainline", "<= 0.7x"),
    ("kernel echo 64 B, RTT p99", "us", US,
     ("kecho64-lat", "ours", "rtt_p99_ns"), ("kecho64-lat", "ref", "rtt_p99_ns"),
     "amp_rpmsg", "mainline", ""),
    ("kernel echo 496 B, throughput", "msg/s", 1,
     ("kecho496-tput", "ours", "msgs_per_s"), ("kecho496-tput", "ref", "msgs_per_s"),
     "amp_rpmsg", "mainline", ">= 2x"),
    ("kernel echo 496 B, RTT median", "us", US,
     ("kecho496-lat", "ours", "rtt_med_ns"), ("kecho496-lat", "ref", "rtt_med_ns"),
     "amp_rpmsg", "mainline", "<= 0.7x"),
    ("kernel echo 496 B, RTT p99", "us", US,
     ("kecho496-lat", "ours", "rtt_p99_ns"), ("kecho496-lat", "ref", "rtt_p99_ns"),
     "amp_rpmsg", "mainline", ""),
    ("char dev echo 64 B, throughput", "msg/s", 1,
     ("uecho64", "ours", "msgs_per_s"), ("uecho64", "ref", "msgs_per_s"),
     "/dev/amp_rpmsgN", "/dev/rpmsgN", ">= 1.5x"),
    ("char dev echo 64 B, RTT median", "us", US,
     ("uecho64", "ours", "rtt_med_ns"), ("uecho64", "ref", "rtt_med_ns"),
     "/dev/amp_rpmsgN", "/dev/rpmsgN", ""),
    ("char dev echo 64 B, RTT p99", "us", US,
     ("uecho64", "ours", "rtt_p99_ns"), ("uecho64", "ref", "rtt_p99_ns"),
     "/dev/amp_rpmsgN", "/dev/rpmsgN", ""),
    ("char dev echo 496 B, throughput", "msg/s", 1,
     ("uecho496", "ours", "msgs_per_s"), ("uecho496", "ref", "msgs_per_s"),
     "/dev/amp_rpmsgN", "/dev/rpmsgN", ">= 1.5x"),
    ("char dev echo 496 B, RTT median", "us", US,
     ("uecho496", "ours", "rtt_med_ns"), ("uecho496", "ref", "rtt_med_ns"),
     "/dev/amp_rpmsgN", "/dev/rpmsgN", ""),
    ("userspace RTT (64 B) vs futex floor", "us", US,
     ("uecho64", "ours", "rtt_med_ns"), ("floor", "futex", "rtt_med_ns"),
     "/dev/amp_rpmsgN", "futex ping-pong", "<= 2x"),
    ("bulk 4 KiB payloads", "MB/s", 1,
     ("bulk4k", "ours", "mb_per_s"), ("bulk4k", "ref", "mb_per_s"),
     "zero-copy, negotiated", "mainline, 496 B", ""),
    ("bulk 64 KiB payloads", "MB/s", 1,
     ("bulk64k", "ours", "mb_per_s"), ("bulk64k", "ref", "mb_per_s"),
     "zero-copy, negotiated", "mainline, 496 B", ""),
    ("10 MiB signed load+verify", "ms", 1e-3,
     ("fw10m", "ours", "load_verify_us"), ("fw10m", "ours", "memcpy_sha_us"),
     "amp_bundle_load", "memcpy+SHA-256", "<= 1.3x"),
    ("10 MiB unsigned load", "ms", 1e-3,
     ("fw10m", "ours", "unsigned_us"), ("fw10m", "ours", "memcpy_sha_us"),
     "amp_elf_load", "memcpy+SHA-256", ""),
    ("1k endpoints, create+destroy", "ns/ept", 1,
     ("ept1k", "ours", "cycle_ns"), ("ept1k", "ref", "cycle_ns"),
     "amp_rpmsg", "mainline", ""),
    ("64k endpoints, create+destroy", "ns/ept", 1,
     ("ept64k", "ours", "cycle_ns"), ("ept64k", "ref", "cycle_ns"),
     "amp_rpmsg", "mainline", ""),
    ("endpoint scaling, 64k vs 1k", "ns/ept", 1,
     ("ept64k", "ours", "cycle_ns"), ("ept1k", "ours", "cycle_ns"),
     "64k", "1k", "<= 1.5x"),
    ("ampfw create, 100 MiB", "s", S,
     ("ampfw", "ours", "us"), ("ampfw", "sha256sum", "us"),
     "ampfw create", "sha256sum", "<= 1.2x"),
    ("ampfw create vs openssl cms", "s", S,
     ("ampfw", "ours", "us"), ("ampfw", "openssl-cms", "us"),
     "ampfw create", "openssl cms -sign", ""),
]


def parse(paths):
    samples, raw, skips, fails, info = {}, {}, {}, [], []
    for p in paths:
        with open(p, errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                m = SKIP.search(line)
                if m:
                    skips[(m.group(1), m.group(2))] = m.group(3)
                    continue
                m = FAIL.search(line)
                if m:
                    fails.append({"figure": m.group(1), "impl": m.group(2),
                                  "round": m.group(3), "why": m.group(4)})
                    continue
                m = INFO.search(line)
                if m:
                    info.append(m.group(1))
                    continue
                m = LINE.search(line)
                if not m:
                    continue
                fig, impl, rnd, rest = m.groups()
                kv = dict(x.split("=", 1) for x in rest.split() if "=" in x)
                vals = {}
                for k, v in kv.items():
                    try:
                        vals[k] = float(v)
                    except ValueError:
                        pass
                if "create_ns" in vals and "destroy_ns" in vals:
                    vals["cycle_ns"] = vals["create_ns"] + vals["destroy_ns"]
                if "error" in kv or not vals:
                    fails.append({"figure": fig, "impl": impl, "round": rnd,
                                  "why": rest})
                    continue
                side = samples.setdefault(fig, {}).setdefault(impl, {})
                for k, v in vals.items():
                    side.setdefault(k, []).append(v)
                raw.setdefault(fig, {}).setdefault(impl, []).append(
                    {"round": int(rnd), **kv})
    return samples, raw, skips, fails, info


def stats(samples, key):
    fig, impl, metric = key
    v = samples.get(fig, {}).get(impl, {}).get(metric)
    if not v:
        return None
    return {"min": min(v), "median": statistics.median(v), "max": max(v),
            "n": len(v)}


def fmt(x, scale):
    y = x * scale
    if y >= 1000:
        return f"{y:,.0f}"
    if y >= 10:
        return f"{y:.1f}"
    return f"{y:.3g}"


def side_text(st, scale, why):
    if st is None:
        return why or "missing"
    return f"{fmt(st['min'], scale)} / {fmt(st['median'], scale)} / {fmt(st['max'], scale)}"


def plot(rows, out, title):
    panels = [r for r in rows if r["a"]]
    if not panels:
        return
    cols = 4
    nrows = (len(panels) + cols - 1) // cols
    tmp = tempfile.mkdtemp(prefix="ampbench-")
    gp = [f"set terminal pngcairo size {cols * 360},{nrows * 260 + 40} font 'sans,8'",
          f"set output '{out}'",
          f"set multiplot layout {nrows},{cols} title '{title}'",
          "set termoption noenhanced",
          "set style fill solid 0.6 border -1", "set boxwidth 0.6",
          "set xrange [-0.6:1.6]", "set yrange [0:*]", "unset key",
          "set tics nomirror", "set border 3"]
    for i, r in enumerate(panels):
        data = os.path.join(tmp, f"p{i}.dat")
        with open(data, "w") as f:
            sides = ((r["a_name"], r["a"], r["a_skip"]), (r["b_name"], r["b"], r["b_skip"]))
            for x, (name, st, skipped) in enumerate(sides):
                if st is None:
                    why = "skipped" if skipped else "no result"
                    f.write(f'{x} "{name} ({why})" 0 0 0 {x + 1}\n')
                    continue
                s = r["scale"]
                f.write(f'{x} "{name}" {st["median"] * s} {st["min"] * s} {st["max"] * s} {x + 1}\n')
        top = max([st["max"] * r["scale"] for st in (r["a"], r["b"]) if st] + [0])
        gp.append("set yrange [0:*]" if top > 0 else "set yrange [0:1]")
        t = r["label"].replace("'", "")
        ratio = f" ({r['ratio']:.2f}x)" if r["ratio"] is not None else ""
        gp += [f"set title '{t}{ratio}'", f"set ylabel '{r['unit']}'",
               f"plot '{data}' using 1:3:6:xtic(2) with boxes lc variable, "
               f"'' using 1:3:4:5 with yerrorbars pt 7 ps 0.4 lc rgb 'black'"]
    gp.append("unset multiplot")
    script = os.path.join(tmp, "plot.gp")
    with open(script, "w") as f:
        f.write("\n".join(gp) + "\n")
    subprocess.run(["gnuplot", script], check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commit", default="unknown")
    ap.add_argument("--kernel", default="unknown")
    ap.add_argument("--accel", default="unknown")
    ap.add_argument("--rounds", type=int, default=0)
    ap.add_argument("--json", required=True)
    ap.add_argument("--plot", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("logs", nargs="+")
    a = ap.parse_args()
    samples, raw, skips, fails, info = parse(a.logs)

    rows = []
    for label, unit, scale, ka, kb, na, nb, target in ROWS:
        sa, sb = stats(samples, ka), stats(samples, kb)
        ratio = sa["median"] / sb["median"] if sa and sb and sb["median"] else None
        rows.append({"label": label, "unit": unit, "scale": scale,
                     "a_key": list(ka), "b_key": list(kb), "a_name": na,
                     "b_name": nb, "a": sa, "b": sb, "ratio": ratio,
                     "target": target,
                     "a_skip": skips.get(ka[:2]), "b_skip": skips.get(kb[:2])})

    cpus = "?"
    for i in info:
        m = re.search(r"\bcpus (\d+)", i)
        if m:
            cpus = m.group(1)
    hdr = (f"ampipc bench: {a.commit}, kernel {a.kernel} ({a.accel}, 2 vCPUs given, "
           f"{cpus} online), {a.rounds} round(s)")
    lines = [f"<!-- {hdr} -->",
             "| figure | unit | ours: min / median / max | reference: min / median / max | ratio of medians | target |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        ra = f"{r['a_name']}: " + side_text(r["a"], r["scale"], r["a_skip"] and "skipped: " + r["a_skip"])
        rb = f"{r['b_name']}: " + side_text(r["b"], r["scale"], r["b_skip"] and "skipped: " + r["b_skip"])
        rt = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-"
        lines.append(f"| {r['label']} | {r['unit']} | {ra} | {rb} | {rt} | {r['target'] or '-'} |")
    table = "\n".join(lines)
    print(f"# {hdr}")
    for line in lines[1:]:
        print(line)
    with open(a.table, "w") as f:
        f.write(table + "\n")

    # Result lines: each figure side that should exist.
    sides = []
    for r in rows:
        for k in (tuple(r["a_key"]), tuple(r["b_key"])):
            if k[:2] not in sides:
                sides.append(k[:2])
    tap = []
    for fig, impl in sides:
        name = f"bench.{fig}.{impl}"
        failed = [f for f in fails if f["figure"] == fig and f["impl"] == impl]
        have = samples.get(fig, {}).get(impl)
        if (fig, impl) in skips:
            tap.append(f"ok - {name} # SKIP {skips[(fig, impl)]}")
        elif failed:
            tap.append(f"not ok - {name} ({failed[0]['why'][:200]})")
        elif not have:
            tap.append(f"not ok - {name} (no result)")
        elif a.rounds and min(len(v) for v in have.values()) < a.rounds:
            tap.append(f"not ok - {name} (only {min(len(v) for v in have.values())} of {a.rounds} rounds)")
        else:
            tap.append(f"ok - {name}")
    with open(a.results, "w") as f:
        f.write("\n".join(tap) + "\n")

    doc = {"commit": a.commit, "kernel": a.kernel, "accel": a.accel,
           "vcpus": 2, "guest_cpus": cpus, "rounds": a.rounds,
           "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "info": info, "samples": samples, "raw": raw,
           "skipped": [{"figure": k[0], "impl": k[1], "why": v} for k, v in skips.items()],
           "failed": fails,
           "summary": [{k: r[k] for k in ("label", "unit", "a_key", "b_key", "a_name",
                                          "b_name", "a", "b", "ratio", "target")}
                       for r in rows]}
    with open(a.json, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    plot(rows, a.plot, hdr.replace("'", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
