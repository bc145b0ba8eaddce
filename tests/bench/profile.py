#!/usr/bin/env python3
"""make bench PROFILE=1: ours and the reference side by side, from the
AMP-BENCH-PROF lines the guest printed (tests/bench/guest/perf-fold.awk).

Every figure is given per message: CPU time in microseconds (cpu-clock
samples times the sampling period, divided by the messages of the run),
wake-ups and context switches. Functions are listed by the larger of the
two sides' inclusive time (the function anywhere in a sample's call chain),
with the self time (the function at the leaf) beside it.

usage: profile.py [--commit C] [--kernel K] [--accel A] [--top N] CONSOLE_LOG
"""
import argparse
import collections
import re
import sys

FIGURES = {
    "kecho64-lat": "kernel-client echo, 64 B, round trip (one message in flight)",
    "kecho64-tput": "kernel-client echo, 64 B, throughput (at most 32 in flight)",
    "uecho64": "character-device echo, 64 B, write+read round trips",
}
IMPLS = ("ours", "ref")
NAMES = {"ours": "ours (amp_rpmsg)", "ref": "mainline"}


def parse(path):
    figs = collections.OrderedDict()
    pat = re.compile(r"AMP-BENCH-PROF (\S+) (\S+) (\S+) ?(.*)")
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            m = pat.search(line)
            if not m:
                continue
            fig, impl, kind, rest = m.groups()
            d = figs.setdefault(fig, {}).setdefault(impl, {
                "meta": {}, "fn": {}, "comm": {}, "wake": {},
                "samples": 0, "idle": 0, "switches": 0, "error": None})
            if kind == "meta":
                for kv in rest.split():
                    if "=" in kv:
                        k, v = kv.split("=", 1)
                        d["meta"][k] = v
            elif kind == "error":
                d["error"] = rest
            elif kind == "samples":
                t, i = rest.split()
                d["samples"], d["idle"] = int(t), int(i)
            elif kind == "switches":
                d["switches"] = int(rest)
            elif kind == "fn":
                incl, self_, name = rest.split(" ", 2)
                d["fn"][name] = (int(incl), int(self_))
            elif kind == "comm":
                n, name = rest.split(" ", 1)
                d["comm"][name] = int(n)
            elif kind == "wake":
                n, key = rest.split(" ", 1)
                d["wake"][key] = d["wake"].get(key, 0) + int(n)
    return figs


def per_msg_us(d, samples):
    msgs = int(d["meta"].get("msgs", 1)) or 1
    period = int(d["meta"].get("period_ns", 0))
    return samples * period / 1000.0 / msgs


def idle_us(d):
    """Idle CPU time per message: sampled, or the wall time less busy."""
    if d["idle"]:
        return per_msg_us(d, d["idle"])
    m = d["meta"]
    if "wall_cs" not in m:
        return None
    msgs = int(m.get("msgs", 1)) or 1
    total = int(m["wall_cs"]) * 10000.0 * int(m.get("cpus", 1)) / msgs
    return max(total - per_msg_us(d, d["samples"]), 0.0)


def fmt(x):
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def table(rows, heads):
    widths = [max(len(str(r[i])) for r in rows + [heads]) for i in range(len(heads))]
    out = []
    for r in [heads] + rows:
        cells = [str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i])
                 for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
    return out


def figure(fig, sides, top):
    out = [f"== {fig}: {FIGURES.get(fig, fig)}", ""]
    present = [i for i in IMPLS if i in sides]
    for i in present:
        d = sides[i]
        if d["error"]:
            out.append(f"{NAMES[i]}: perf failed: {d['error']}")
    present = [i for i in present if not sides[i]["error"] and sides[i]["meta"]]
    if not present:
        return out + [""]
    rows = []
    for label, key in (("messages", "msgs"), ("median RTT, ns", "rtt_med_ns"),
                       ("p99 RTT, ns", "rtt_p99_ns"), ("messages/s", "msgs_per_s"),
                       ("wall time of the run, 1/100 s", "wall_cs")):
        rows.append([label] + [sides[i]["meta"].get(key, "-") for i in present])
    rows.append(["CPU per message, busy, us"] +
                [fmt(per_msg_us(sides[i], sides[i]["samples"] - sides[i]["idle"]))
                 for i in present])
    rows.append(["CPU per message, idle, us"] + [fmt(idle_us(sides[i])) for i in present])
    for label, key in (("wake-ups per message", "wake"),):
        rows.append([label] + [fmt(sum(sides[i][key].values()) /
                                   int(sides[i]["meta"].get("msgs", 1)))
                               for i in present])
    rows.append(["context switches per message"] +
                [fmt(sides[i]["switches"] / int(sides[i]["meta"].get("msgs", 1)))
                 for i in present])
    out += table(rows, ["", *[NAMES[i] for i in present]]) + [""]

    # Busy CPU per thread.
    names = set()
    for i in present:
        names |= set(sides[i]["comm"])
    rows = sorted(([c] + [per_msg_us(sides[i], sides[i]["comm"].get(c, 0))
                          for i in present] for c in names),
                  key=lambda r: -max(r[1:]))
    rows = [[r[0]] + [fmt(x) for x in r[1:]] for r in rows if max(r[1:]) >= 0.05]
    out.append("busy CPU per message by thread, us")
    out += table(rows, ["thread", *[NAMES[i] for i in present]]) + [""]

    # Wake-ups per message: waker, wakee, call site.
    keys = set()
    for i in present:
        keys |= set(sides[i]["wake"])
    rows = []
    for k in keys:
        vals = [sides[i]["wake"].get(k, 0) / int(sides[i]["meta"].get("msgs", 1))
                for i in present]
        if max(vals) >= 0.02:
            waker, wakee, site = k.split(" ", 2)
            rows.append([f"{waker} -> {wakee} at {site}"] + vals)
    rows.sort(key=lambda r: -max(r[1:]))
    out.append("wake-ups per message: waker -> woken, at the first callers outside the scheduler")
    out += table([[r[0]] + [fmt(x) for x in r[1:]] for r in rows],
                 ["wake-up", *[NAMES[i] for i in present]]) + [""]

    # Functions.
    fns = set()
    for i in present:
        fns |= set(sides[i]["fn"])

    def us(i, f, j):
        v = sides[i]["fn"].get(f)
        return per_msg_us(sides[i], v[j]) if v else None
    ranked = sorted(fns, key=lambda f: -max(us(i, f, 0) or 0 for i in present))
    rows = []
    for f in ranked[:top]:
        r = [f]
        for i in present:
            r += [fmt(us(i, f, 0)), fmt(us(i, f, 1))]
        rows.append(r)
    heads = ["function"]
    for i in present:
        heads += [f"{i} incl", f"{i} self"]
    out.append(f"busy CPU per message by function, us (top {top} by inclusive time; "
               "'-': under 0.2% of that side's busy samples)")
    out += table(rows, heads) + [""]

    # The leaves: where the CPU actually is.
    ranked = sorted(fns, key=lambda f: -max(us(i, f, 1) or 0 for i in present))
    rows = []
    for f in ranked[:25]:
        if max(us(i, f, 1) or 0 for i in present) <= 0:
            break
        rows.append([f] + [fmt(us(i, f, 1)) for i in present])
    out.append("self time per message, us (top 25)")
    out += table(rows, ["function", *[NAMES[i] for i in present]]) + [""]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commit", default="unknown")
    ap.add_argument("--kernel", default="unknown")
    ap.add_argument("--accel", default="unknown")
    ap.add_argument("--top", type=int, default=45)
    ap.add_argument("log")
    a = ap.parse_args()
    figs = parse(a.log)
    out = [f"ampipc make bench PROFILE=1: {a.commit}, kernel {a.kernel} ({a.accel})",
           "perf record -a -g -e cpu-clock:I -e sched:sched_waking -e sched:sched_switch in",
           "the guest, one run per figure and side; times are CPU time per message (both",
           "vCPUs summed), from cpu-clock samples of everything but the idle task; idle is",
           "the wall time on all vCPUs less those. cpu-clock is an hrtimer: code that runs",
           "with interrupts off is charged to the point where they come back on",
           "(_raw_spin_unlock_irqrestore, finish_task_switch), within its callers.", ""]
    for fig, sides in figs.items():
        if fig == "all":
            for i, d in sides.items():
                if d["error"]:
                    out.append(f"perf failed: {d['error']}")
            continue
        out += figure(fig, sides, a.top)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
