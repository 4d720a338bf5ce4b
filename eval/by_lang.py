#!/usr/bin/env python3
"""Per-language (and optionally per-topic) breakdown of one or more ranked runs.

usage: by_lang.py QRELS QUERIES LABEL=RUN [LABEL=RUN ...] [--by lang|topic]
  QRELS    lines 'qid<TAB>register id<TAB>grade' (grades 1-3; records not listed count as 0)
  QUERIES  jsonl {"qid", "lang", "query", "topic"}
  RUN      jsonl {"qid", "ids": [ranked register ids]}, as written by run_api.py or pool.py
Prints one table row per run and group (nl, en, all; or one per topic with --by topic) with
nDCG@10, Recall@20 and MRR. The measures are computed exactly as the eval kit's eval.py does
(gain 2^grade - 1, log2 discount; Recall@20 over min(#judged relevant, 20); MRR of the first
record with grade >= 1), so the 'all' row equals the last line of eval.py for the same run.
"""
import json, math, sys
from collections import defaultdict


def load_qrels(path):
    qrels = defaultdict(dict)
    for line in open(path, encoding="utf-8"):
        if line.strip():
            qid, doc, grade = line.rstrip("\n").split("\t")[:3]
            if int(grade) > 0:
                qrels[qid][doc] = int(grade)
    return qrels


def load_run(path):
    run = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            row = json.loads(line)
            run[row["qid"]] = [str(i) for i in row["ids"]]
    return run


def ndcg(ranked, rel, k=10):
    dcg = sum((2 ** rel.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked, rel, k=20):
    return len([d for d in ranked[:k] if d in rel]) / min(len(rel), k) if rel else 0.0


def mrr(ranked, rel):
    return next((1.0 / (i + 1) for i, d in enumerate(ranked) if d in rel), 0.0)


def main(argv):
    by = "lang"
    if "--by" in argv:
        i = argv.index("--by")
        by = argv[i + 1]
        del argv[i : i + 2]
    if len(argv) < 3:
        sys.exit(__doc__)
    qrels = load_qrels(argv[0])
    queries = [json.loads(l) for l in open(argv[1], encoding="utf-8") if l.strip()]
    runs = [(spec.split("=", 1)[0], load_run(spec.split("=", 1)[1])) for spec in argv[2:]]
    print(f"{'run':<10} {by:<18} {'n':>3} {'ndcg@10':>8} {'recall@20':>9} {'mrr':>6}")
    for label, run in runs:
        groups = defaultdict(list)
        for q in queries:
            ranked, rel = run.get(q["qid"], []), qrels.get(q["qid"], {})
            scores = (ndcg(ranked, rel), recall(ranked, rel), mrr(ranked, rel))
            groups[q.get(by, "?")].append(scores)
            groups["all"].append(scores)
        order = sorted(k for k in groups if k != "all") + ["all"]
        if by == "lang":
            order = [k for k in ("nl", "en") if k in groups] + sorted(k for k in groups if k not in ("nl", "en", "all")) + ["all"]
        for name in order:
            rows = groups[name]
            n = len(rows)
            print(f"{label:<10} {name:<18} {n:>3} {sum(r[0] for r in rows) / n:>8.3f} "
                  f"{sum(r[1] for r in rows) / n:>9.3f} {sum(r[2] for r in rows) / n:>6.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
