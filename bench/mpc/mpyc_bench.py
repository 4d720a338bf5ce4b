"""The joint-analysis benchmark workloads in MPyC, for comparison with `leerpunt node bench`.

Run one process per party: python mpyc_bench.py -M3 -I<i> -P host:port ... (see run.sh).
The workload comes from the environment: BENCH_WORKLOAD (sum | compare) and BENCH_N.
Each party inputs a vector of N values (generated from its index, like Leerpunt's bench);
`sum` reveals the elementwise sum of the three vectors, `compare` reveals how many of the
3*N values are at least 2**19. Prints one JSON line per party.
"""
import json
import os
import random
import resource
import time

from mpyc.runtime import mpc

WORKLOAD = os.environ.get("BENCH_WORKLOAD", "sum")
N = int(os.environ.get("BENCH_N", "10000"))
THRESHOLD = 1 << 19


def values(party):
    rng = random.Random(0xBE4C00 + party)
    bits = 32 if WORKLOAD == "sum" else 20
    return [rng.getrandbits(bits) for _ in range(N)]


async def main():
    await mpc.start()
    me = mpc.pid
    secint = mpc.SecInt(64) if WORKLOAD == "sum" else mpc.SecInt(32)
    mine = values(me)
    await mpc.barrier()
    t0 = time.perf_counter()
    xs = mpc.input([secint(v) for v in mine])
    if WORKLOAD == "sum":
        total = mpc.vector_add(mpc.vector_add(xs[0], xs[1]), xs[2])
        out = await mpc.output(total)
        want = [a + b + c for a, b, c in zip(values(0), values(1), values(2))]
        correct = out == want
    else:
        flags = [x >= THRESHOLD for x in xs[0] + xs[1] + xs[2]]
        count = await mpc.output(mpc.sum(flags))
        want = sum(v >= THRESHOLD for p in range(3) for v in values(p))
        correct = count == want
    seconds = time.perf_counter() - t0
    await mpc.shutdown()
    print(json.dumps({
        "party": me,
        "workload": WORKLOAD,
        "n": N,
        "seconds": seconds,
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "correct": bool(correct),
    }), flush=True)


mpc.run(main())
