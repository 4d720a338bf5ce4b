"""Formats the benchmark JSON lines written by run.sh as a Markdown table."""
import glob
import json
import os
import sys

work = sys.argv[1]


def load(kind, workload, n):
    path = os.path.join(work, f"{kind}-{workload}-{n}.jsonl")
    if not os.path.exists(path):
        return None
    rows, sent = [], []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
            elif "bytes sent:" in line:
                # MPyC's own log line: "Stop MPyC -- elapsed time: …|bytes sent: N"
                sent.append(int(line.rsplit("bytes sent:", 1)[1].strip()))
    for r, b in zip(rows, sent):
        r.setdefault("bytes_sent", b)
    return rows or None


def mib(kib):
    return f"{kib / 1024:.0f} MiB"


print("| workload | N | Leerpunt (s) | MPyC (s) | MPyC / Leerpunt | peak RSS per process (Leerpunt / MPyC) "
      "| bytes sent per process (Leerpunt / MPyC) | lower bound | correct |")
print("|---|---|---|---|---|---|---|---|---|")
cases = sorted({tuple(os.path.basename(p)[len("leerpunt-"):-len(".jsonl")].split("-"))
                for p in glob.glob(os.path.join(work, "leerpunt-*.jsonl"))},
               key=lambda c: (c[0] != "sum", int(c[1])))
for workload, n in cases:
    n = int(n)
    lp = load("leerpunt", workload, n)
    mp = load("mpyc", workload, n)
    if not lp:
        continue
    t_lp = max(r["seconds"] for r in lp)
    rss_lp = max(r["peak_rss_kib"] for r in lp)
    sent = max(r["bytes_sent"] for r in lp)
    if workload == "sum":
        # Each node is an input party: it keeps its share and sends n elements to one node
        # (8n bytes), and opening an n-vector costs every node 8n bytes.
        bound = 16 * n
        bound_s = f"{bound / 1e6:.2f} MB (8N input + 8N open)"
    else:
        bound = 8 * n
        bound_s = f"{bound / 1e6:.3f} MB (8N input only)"
    if mp:
        t_mp = max(r["seconds"] for r in mp)
        rss_mp = max(r["peak_rss_kib"] for r in mp)
        ratio = f"{t_mp / t_lp:.0f}×"
        mp_s, rss = f"{t_mp:.2f}", f"{mib(rss_lp)} / {mib(rss_mp)}"
        mp_sent = [r.get("bytes_sent") for r in mp if r.get("bytes_sent") is not None]
        sent_s = f"{sent / 1e6:.2f} MB / {max(mp_sent) / 1e6:.2f} MB" if mp_sent else f"{sent / 1e6:.2f} MB"
        ok = all(r["correct"] for r in lp + mp)
    else:
        mp_s, ratio, rss = "–", "–", mib(rss_lp)
        sent_s = f"{sent / 1e6:.2f} MB"
        ok = all(r["correct"] for r in lp)
    n_s = f"{n:,}" if workload == "sum" else f"3·{n:,}"
    print(f"| {workload} | {n_s} | {t_lp:.3f} | {mp_s} | {ratio} | {rss} | {sent_s} | {bound_s} | {ok} |")
