#!/usr/bin/env python3
"""The vectorised numpy baseline for `pmoflow forecast when` (issue: whole process >= 30x faster).

Reads `pmoflow items --format csv` output, builds the same daily throughput sample PmoFlow uses
(completions per UTC day over the 90 days before the as-of date, zero days included), prints the
sample's completions / zero days / max so they can be checked against the forecast's `basis`, then
runs the textbook vectorised Monte Carlo loop: every trial draws one sampled day at a time until
its remaining items reach zero. Prints the P50/P70/P85/P95 working days and the loop's time.

usage: when_loop.py ITEMS_CSV AS_OF(yyyy-mm-dd) ITEMS TRIALS [SEED]
"""
import csv
import sys
import time
from datetime import date, timedelta

import numpy as np


def main() -> None:
    items_csv, as_of, backlog, trials = sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    last = as_of - timedelta(days=1)          # the sample ends the day before the as-of date
    first = last - timedelta(days=89)         # 90 days, inclusive
    counts = {first + timedelta(days=i): 0 for i in range(90)}
    with open(items_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["state"] != "done" or not row["done"]:
                continue
            d = date.fromisoformat(row["done"][:10])
            if d in counts:
                counts[d] += 1
    sample = np.array(list(counts.values()), dtype=np.int64)
    print(f"sample {first}..{last}: completions {sample.sum()}, zero days {(sample == 0).sum()}, max {sample.max()}")

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    remaining = np.full(trials, backlog, dtype=np.int64)
    days = np.zeros(trials, dtype=np.int64)
    active = np.arange(trials)
    day = 0
    while active.size:
        day += 1
        remaining[active] -= sample[rng.integers(0, sample.size, active.size)]
        finished = remaining[active] <= 0
        days[active[finished]] = day
        active = active[~finished]
    elapsed = time.perf_counter() - started
    p = np.percentile(days, [50, 70, 85, 95], method="inverted_cdf")
    print("working days P50/P70/P85/P95:", " ".join(str(int(x)) for x in p))
    print(f"loop {elapsed:.3f} s for {trials} trials, {day} simulated days")


if __name__ == "__main__":
    main()
