#!/usr/bin/env python3
"""What synchronous=FULL costs SQLite in WAL mode, as phoihop runs it: single-row write
transactions a second with FULL (the log synced at every commit) against NORMAL (synced at
checkpoints only, so an OS crash or power cut may undo the last acknowledged commits), on the same
disk, alternating, 5 rounds. The databases go in BENCH_DIR (by default the system's temporary
directory; point it at the disk the data lives on, since a tmpfs syncs nothing) and are removed
afterwards. Usage: python3 bench/sqlite-sync/run.py [commits per round]"""

import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

COMMITS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def round_of(mode, directory):
    path = os.path.join(directory, f"{mode}.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA synchronous = {mode}")
    db.execute("CREATE TABLE log (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    started = time.perf_counter()
    for i in range(COMMITS):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO log (body) VALUES (?)", ("x" * 300,))
        db.execute("COMMIT")
    took = time.perf_counter() - started
    db.close()
    return COMMITS / took


def main():
    directory = tempfile.mkdtemp(prefix="phoihop-sync-", dir=os.environ.get("BENCH_DIR"))
    rates = {"NORMAL": [], "FULL": []}
    try:
        for _ in range(5):
            for mode in ("NORMAL", "FULL"):
                rates[mode].append(round_of(mode, directory))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    normal, full = statistics.median(rates["NORMAL"]), statistics.median(rates["FULL"])
    print("| synchronous | commits/s (median of 5) | per commit |")
    print("| --- | ---: | ---: |")
    for mode, rate in (("NORMAL", normal), ("FULL", full)):
        print(f"| {mode} | {rate:,.0f} | {1000 / rate:.2f} ms |")
    print(f"\nFULL runs at {full / normal:.0%} of NORMAL's commit rate on this disk.")


if __name__ == "__main__":
    main()
