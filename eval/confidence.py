#!/usr/bin/env python3
"""How honest /api/v1/match is about weak matches: per question, is the first practice a good
answer (grade >= 1 in the judgments), and does Leerpunt present it as a close match
(`close_match`: the first hit's `coverage` or its `closeness` in meaning reaches its
threshold)? Prints the four counts for the thresholds the server uses and for a grid of others
(from the hits' `coverage` and `closeness`), per language.

A "confident wrong first result" is a close match whose first practice is judged irrelevant (or
not judged); a "lost answer" is a good first practice that Leerpunt called weak.

usage: confidence.py BASE_URL QUERIES QRELS
"""
import json
import sys
import urllib.parse
import urllib.request


def main():
    base, queries, qrels = sys.argv[1], sys.argv[2], sys.argv[3]
    good = {}
    for line in open(qrels):
        parts = line.split()
        if len(parts) >= 3 and int(parts[2]) >= 1:
            good.setdefault(parts[0], set()).add(parts[1])
    rows = []
    for line in open(queries):
        if not line.strip():
            continue
        q = json.loads(line)
        url = f"{base}/api/v1/match?" + urllib.parse.urlencode(
            {"q": q["query"], "limit": 10, "lang": q.get("lang", "nl")}
        )
        with urllib.request.urlopen(url, timeout=30) as resp:
            body = json.load(resp)
        hits = body.get("hits", [])
        top = hits[0] if hits else None
        right = bool(top) and str(top.get("source_id")) in good.get(q["qid"], set())
        rows.append(
            {
                "qid": q["qid"],
                "lang": q.get("lang", "nl"),
                "right": right,
                "close": bool(body.get("close_match")),
                "coverage": top.get("coverage", 0.0) if top else 0.0,
                "closeness": (top.get("closeness") or -1.0) if top else -1.0,
                "missed": body.get("missed", []),
            }
        )

    def counts(rows, close_of):
        c = {"confident_wrong": 0, "confident_right": 0, "weak_right": 0, "weak_wrong": 0}
        for r in rows:
            close = close_of(r)
            key = ("confident_" if close else "weak_") + ("right" if r["right"] else "wrong")
            c[key] += 1
        return c

    grid = [("server", lambda r: r["close"])]
    for t in [0.3, 0.4, 0.5, 0.6]:
        grid.append((f"{t:.2f}", (lambda t: lambda r: r["coverage"] >= t)(t)))
        for m in [0.05, 0.06, 0.065, 0.07, 0.075, 0.08, 0.09, 0.10]:
            grid.append(
                (
                    f"{t:.2f}|{m:.3f}",
                    (lambda t, m: lambda r: r["coverage"] >= t or r["closeness"] >= m)(t, m),
                )
            )
    print("coverage|meaning  lang  n   confident-wrong  confident-right  weak-right(lost)  weak-wrong")
    for label, close_of in grid:
        for lang in ["nl", "en", "all"]:
            sel = [r for r in rows if lang == "all" or r["lang"] == lang]
            c = counts(sel, close_of)
            print(
                f"{label:>15}  {lang:>4}  {len(sel):>2}  {c['confident_wrong']:>15}  "
                f"{c['confident_right']:>15}  {c['weak_right']:>16}  {c['weak_wrong']:>10}"
            )
    if "-v" in sys.argv:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
