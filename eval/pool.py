#!/usr/bin/env python3
"""Build the judgment pool for the development set, and print pooled records for judging.

The pool of a question is the union of the top DEPTH (default 20) practices of several systems:

  search    Leerpunt's GET /api/v1/search?q=...&kind=practice&limit=DEPTH (hits[].source_id)
  match     Leerpunt's GET /api/v1/match with the same parameters
  bm25      the plain keyword baseline of the eval kit (baseline_bm25.py: BM25 over title + purpose,
            lowercase tokens, no stemming), run as a separate process
  bm25stem  BM25 over every text field of a record (title twice, purpose, organisation, legal
            basis), with light suffix stripping for Dutch and English (see stem())
  chargram  TF-IDF cosine over character 4-grams of words (title twice, purpose); finds parts of
            Dutch compounds ("kenteken" in "kentekencamerahandhaving") and inflected forms

Commands

  pool.py build --base URL --register REGISTER.json --baseline baseline_bm25.py \\
                --queries eval/queries.jsonl --out DIR [--depth 20]
      writes DIR/run-<system>.jsonl (ranked ids, the run format of eval.py) for every system and
      DIR/pool.tsv: qid, register id, the systems that returned it as system:rank, comma separated.
      Leerpunt must be serving the imported register at URL (leerpunt import algoritmeregister
      REGISTER.json; leerpunt reindex; leerpunt serve).

  pool.py show --register REGISTER.json --pool DIR/pool.tsv --queries eval/queries.jsonl
               [--judged eval/judgments.tsv] [--qid q01] [--unjudged] [--width 240] [--group]
      prints, per question, every pooled record compactly (register id, title, organisation, the
      start of the purpose text) with its current grade when --judged is given, so a person can
      read and grade it. --unjudged prints only the records without a grade; --group prints
      records with the same title and the same opening of the purpose once, with all their ids.

  pool.py qrels --judged eval/judgments.tsv > eval/qrels.tsv
      keeps the judgments with grade >= 1 (eval.py counts every listed record as relevant for
      Recall@20 and MRR, so the grade-0 lines must stay out of the qrels file).

eval/judgments.tsv holds every judgment, grade 0 included: qid, register id, grade (0-3), and
'pool' when the record was in the pool of that question or 'added' when the judge graded it
outside the pool (records with the same template as pooled ones, found while reading).

Only the Python standard library is used.
"""
import argparse, json, math, re, subprocess, sys, urllib.parse, urllib.request
from collections import Counter, defaultdict

SYSTEMS = ["search", "match", "bm25", "bm25stem", "chargram"]


def load_queries(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def load_register(path):
    return json.load(open(path, encoding="utf-8"))["algoritmes"]


def api_run(base, queries, endpoint, depth):
    run = {}
    for q in queries:
        url = f"{base}{endpoint}?" + urllib.parse.urlencode({"q": q["query"], "kind": "practice", "limit": depth})
        with urllib.request.urlopen(url, timeout=60) as resp:
            body = json.load(resp)
        run[q["qid"]] = [str(h.get("source_id")) for h in body.get("hits", [])]
    return run


def baseline_run(script, register, queries_path):
    out = subprocess.run([sys.executable, script, register, queries_path],
                         check=True, capture_output=True, text=True).stdout
    return {row["qid"]: [str(i) for i in row["ids"]] for row in map(json.loads, filter(str.strip, out.splitlines()))}


WORD = re.compile(r"\w+")
STOP = set("""de het een en van in op te voor met is dat die aan om bij door of als er zijn wordt worden
ook naar uit dan niet deze dit wat welke hoe we ons je mijn hun iemand moeten moet kan
the a an and of in on to for with is are that this by or as be it from at how do does which what
we our their who when where whether into about""".split())
SUFFIXES = ["heden", "ingen", "tions", "ation", "ities", "ing", "ies", "ers", "ens", "en", "es", "er", "ed", "ly", "s", "e"]


def stem(word):
    """Light suffix stripping for Dutch and English, enough to join plural and inflected forms."""
    for suf in SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            word = word[: -len(suf)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]  # "bomm" -> "bom", "kapp" -> "kap"
    return word


def stem_tokens(text):
    return [stem(t) for t in WORD.findall(text.lower()) if t not in STOP and not t.isdigit()]


def record_text(d, fields):
    return " ".join(d.get(f, "") or "" for f in fields)


def bm25_run(docs, queries, depth, k1=1.2, b=0.75):
    tfs = [Counter(stem_tokens(record_text(d, ["title", "title", "doel", "organisatie", "juridische_basis"]))) for d in docs]
    lens = [sum(tf.values()) for tf in tfs]
    avg = sum(lens) / len(lens)
    df = Counter(t for tf in tfs for t in tf)
    n = len(docs)
    run = {}
    for q in queries:
        terms = set(stem_tokens(q["query"]))
        scores = []
        for d, tf, dl in zip(docs, tfs, lens):
            s = 0.0
            for t in terms:
                if t in tf:
                    idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                    s += idf * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * dl / avg))
            if s > 0:
                scores.append((-s, d["id"]))
        run[q["qid"]] = [i for _, i in sorted(scores)[:depth]]
    return run


def chargrams(text, n=4):
    grams = Counter()
    for w in WORD.findall(text.lower()):
        if w in STOP:
            continue
        w = f"_{w}_"
        for i in range(max(1, len(w) - n + 1)):
            grams[w[i : i + n]] += 1
    return grams


def chargram_run(docs, queries, depth):
    grams = [chargrams(record_text(d, ["title", "title", "doel"])) for d in docs]
    df = Counter(g for gs in grams for g in gs)
    n = len(docs)
    idf = {g: math.log(n / c) for g, c in df.items()}

    def vec(gs):
        v = {g: (1 + math.log(c)) * idf.get(g, 0.0) for g, c in gs.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: x / norm for g, x in v.items()}

    vecs = [vec(gs) for gs in grams]
    run = {}
    for q in queries:
        qv = vec(chargrams(q["query"]))
        scores = []
        for d, dv in zip(docs, vecs):
            s = sum(x * dv.get(g, 0.0) for g, x in qv.items())
            if s > 0:
                scores.append((-s, d["id"]))
        run[q["qid"]] = [i for _, i in sorted(scores)[:depth]]
    return run


def build(args):
    queries = load_queries(args.queries)
    docs = load_register(args.register)
    runs = {
        "search": api_run(args.base, queries, "/api/v1/search", args.depth),
        "match": api_run(args.base, queries, "/api/v1/match", args.depth),
        "bm25": baseline_run(args.baseline, args.register, args.queries),
        "bm25stem": bm25_run(docs, queries, args.depth),
        "chargram": chargram_run(docs, queries, args.depth),
    }
    import os
    os.makedirs(args.out, exist_ok=True)
    for name, run in runs.items():
        with open(f"{args.out}/run-{name}.jsonl", "w") as f:
            for q in queries:
                f.write(json.dumps({"qid": q["qid"], "ids": run.get(q["qid"], [])}) + "\n")
    with open(f"{args.out}/pool.tsv", "w") as f:
        for q in queries:
            seen = defaultdict(list)
            for name in SYSTEMS:
                for rank, doc in enumerate(runs[name].get(q["qid"], [])[: args.depth], 1):
                    seen[doc].append(f"{name}:{rank}")
            for doc, hits in seen.items():
                f.write(f"{q['qid']}\t{doc}\t{','.join(hits)}\n")
            print(f"{q['qid']} {q['lang']} pool={len(seen)}  {q['query']}", file=sys.stderr)


def load_judged(path):
    judged = {}
    if path:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                qid, doc, grade = line.rstrip("\n").split("\t")[:3]
                judged[(qid, doc)] = int(grade)
    return judged


def show(args):
    queries = load_queries(args.queries)
    docs = {d["id"]: d for d in load_register(args.register)}
    judged = load_judged(args.judged)
    pool = defaultdict(list)
    for line in open(args.pool, encoding="utf-8"):
        qid, doc, hits = line.rstrip("\n").split("\t")
        pool[qid].append((doc, hits))
    for q in queries:
        if args.qid and q["qid"] not in args.qid.split(","):
            continue
        rows = pool.get(q["qid"], [])
        print(f"### {q['qid']} [{q['lang']}/{q['topic']}] {q['query']}  (pool {len(rows)})")
        groups = {}  # records with the same title and the same opening of the purpose are shown once
        for doc, hits in sorted(rows, key=lambda r: docs.get(r[0], {}).get("title", "")):
            grade = judged.get((q["qid"], doc))
            if args.unjudged and grade is not None:
                continue
            d = docs.get(doc, {})
            purpose = re.sub(r"\s+", " ", d.get("doel", ""))[: args.width]
            key = (d.get("title", "").lower().strip(), purpose[:80]) if args.group else doc
            groups.setdefault(key, []).append((doc, grade, d, purpose))
        for members in groups.values():
            doc, grade, d, purpose = members[0]
            ids = ",".join(m[0] for m in members)
            marks = "/".join(sorted({"?" if m[1] is None else str(m[1]) for m in members}))
            orgs = d.get("organisatie", "")[:35] + (f" +{len(members) - 1}" if len(members) > 1 else "")
            print(f"{marks} {ids} | {d.get('title', '')[:70]} | {orgs} | {purpose}")
        print()


def qrels(args):
    for (qid, doc), grade in load_judged(args.judged).items():
        if grade >= 1:
            print(f"{qid}\t{doc}\t{grade}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--base", required=True)
    b.add_argument("--register", required=True)
    b.add_argument("--baseline", required=True)
    b.add_argument("--queries", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--depth", type=int, default=20)
    s = sub.add_parser("show")
    s.add_argument("--register", required=True)
    s.add_argument("--pool", required=True)
    s.add_argument("--queries", required=True)
    s.add_argument("--judged")
    s.add_argument("--qid")
    s.add_argument("--unjudged", action="store_true")
    s.add_argument("--width", type=int, default=240)
    s.add_argument("--group", action="store_true", help="show records with the same title and purpose opening once")
    r = sub.add_parser("qrels")
    r.add_argument("--judged", required=True)
    args = p.parse_args()
    {"build": build, "show": show, "qrels": qrels}[args.cmd](args)


if __name__ == "__main__":
    main()
