#!/usr/bin/env python3
"""Benchmark reports for scripts/bench-node.sh: N reports in the report NDJSON shape, about three
indicators each (a phone, a wallet, a URL), deterministic for a seed.

Most values are new; about 5 % come from a pool that reports share, so reports link into many
small networks and a few larger ones, as in real data, without one component swallowing the rest.
BENCH_CLEAR_SHARE (default 0) makes that share of reports TLP:CLEAR, the rest AMBER, for the
public check of scripts/bench-server.sh. Phone numbers are in +800 (international freephone: companies' numbers, never a person's),
domains under example.com, wallets random 20-byte EVM addresses.
"""
import json
import os
import random
import sys

count, seed = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 7
rng = random.Random(seed)
countries = ["VN", "TH", "PH", "MY", "SG", "ID", "KH", "IN", "KR", "JP", "AU", "US", "GB"]
types = ["investment", "romance", "phishing", "job_task", "impersonation_authority", "loan", "shopping"]
pool = max(10, count // 20)
clear_share = float(os.environ.get("BENCH_CLEAR_SHARE", "0"))


def phone(i):
    return f"+800 {i % 100_000_000:08d}"


def wallet(i):
    return "0x" + rng.getrandbits(160).to_bytes(20, "big").hex() if i is None else "0x" + f"{i:040x}"


def value(kind, n):
    shared = rng.random() < 0.05
    key = rng.randrange(pool) if shared else n + pool
    if kind == "phone":
        return phone(key * 7 + 1)
    if kind == "wallet":
        return wallet(key * 2654435761 % (1 << 160))
    return f"https://shop-{key}.example.com/pay"


out = sys.stdout
for n in range(count):
    country = rng.choice(countries)
    report = {
        "external_ref": f"BENCH-{seed}-{n}",
        "organisation": f"{country}-POLICE",
        "country": country,
        "scam_type": rng.choice(types),
        "reported_at": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z",
        "loss": {"amount": str(rng.randint(50, 50_000)), "currency": "USDT"},
        "tlp": "clear" if clear_share > 0 and rng.random() < clear_share else "amber",
        "pap": "green",
        "indicators": [
            {"kind": "phone", "value": value("phone", n)},
            {"kind": "wallet", "value": value("wallet", n), "chain": "bsc"},
            {"kind": "url", "value": value("url", n)},
        ],
    }
    out.write(json.dumps(report, separators=(",", ":")) + "\n")
