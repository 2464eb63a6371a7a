#!/usr/bin/env python3
"""The hardening harness: what a crash, a busy year and an attacker do to a release build.

  crash    kill -9 cycles under write load on SQLite and PostgreSQL: every write acknowledged
           (201) before the kill is found after the restart, and `phoihop verify` passes each time
  burst    150 wrong passwords for one account sent at once, with the latency of /healthz and the
           home page measured during the burst against before it
  soak     a mixed load (16 public pages, documents included, and one API write a second) with the
           server's resident memory sampled as `ps` reports it, and how much of it is the search
           index's mapped files
  replica  visitors' pages from a streaming replica: staff see their edit at once, visitors once
           the standby has replayed it (the delay is measured)

Standard library only. Prints a Markdown report. Knobs: see main().
"""

import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SEED = "/tin-tuc/hdnd-ubnd-uy-ban-mttq-viet-nam-quan-cau-giay-ky-ket-chuong-trinh-phoi-hop-cong-tac-nam-2021"
PUBLIC_PAGES = [
    "/", "/tin-tuc", SEED, "/chuong-trinh/2021", "/chi-tieu/2020", "/co-quan", "/giam-sat",
    "/kien-nghi", "/hoi-nghi", "/hoi-nghi.ics", "/tim-kiem?q=chi+tieu", "/van-ban",
    "/chuong-trinh/2021/van-ban.pdf", "/chi-tieu/2020/bao-cao.pdf", "/chi-tieu/2020/bang.xlsx",
    "/dv/phuong-cau-giay/",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `phoihop serve` of the release build on its own port, data directory and database."""

    def __init__(self, binary, database, data_dir, extra=()):
        self.binary, self.database, self.data_dir, self.extra = binary, database, data_dir, list(extra)
        self.port = free_port()
        self.proc = None

    def cli(self, *args, env=None):
        return subprocess.run(
            [self.binary, *args, "--database", self.database, "--data-dir", self.data_dir],
            capture_output=True, text=True, env={**os.environ, "RUST_LOG": "warn", **(env or {})},
        )

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--addr", f"127.0.0.1:{self.port}", "--database", self.database,
             "--data-dir", self.data_dir, *self.extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "RUST_LOG": "warn"},
        )
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if get(self.url("/healthz"))[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the server never answered /healthz")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def mapped_index_kb(self):
        """Resident kilobytes of the mappings of files under the data directory's search index."""
        total, inside = 0, False
        with open(f"/proc/{self.proc.pid}/smaps") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 5 and "-" in parts[0] and ":" in parts[3]:
                    inside = len(parts) >= 6 and "/search/" in parts[5]
                elif inside and line.startswith("Rss:"):
                    total += int(parts[1])
        return total

    def token(self):
        out = self.cli("token", "create", "quantri", "--name", "bench")
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        return out.stdout.strip().splitlines()[-1]


def get(url, headers=None, timeout=30):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def send(url, method, body, headers=None, timeout=30):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={
        "content-type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def fresh_database(engine, work, server_url, name):
    if engine == "sqlite":
        return f"sqlite://{os.path.join(work, name + '.db')}"
    db = f"phoihop_bench_{name}_{os.getpid()}"
    base = server_url.rstrip("/").rsplit("/", 1)[0]
    subprocess.run(["psql", server_url, "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"], check=True, stderr=subprocess.DEVNULL)
    subprocess.run(["psql", server_url, "-qc", f"CREATE DATABASE {db}"], check=True)
    return f"{base}/{db}"


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def article(title):
    return {"title": title, "body_html": f"<p>{title}</p>", "published_at": "2021-01-23T07:46:00Z"}


# --- crash -------------------------------------------------------------------------------------

def crash(binary, engine, work, pg, cycles, writers):
    database = fresh_database(engine, work, pg, "crash")
    server = Server(binary, database, os.path.join(work, f"crash-{engine}"))
    server.start()
    token = server.token()
    auth = {"authorization": f"Bearer {token}"}
    acknowledged, lost, failed_verify, counter = [], 0, 0, [0]
    lock = threading.Lock()
    for cycle in range(cycles):
        stop = threading.Event()

        def writer():
            while not stop.is_set():
                with lock:
                    counter[0] += 1
                    n = counter[0]
                try:
                    status, body = send(server.url("/api/v1/articles"), "POST",
                                        article(f"Bài kiểm tra ghi {n}"), auth, timeout=5)
                except OSError:
                    continue
                if status == 201:
                    slug = json.loads(body)["slug"]
                    with lock:
                        acknowledged.append(slug)

        threads = [threading.Thread(target=writer) for _ in range(writers)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(1.0, 3.0))
        server.kill9()
        stop.set()
        for t in threads:
            t.join()
        verify = server.cli("verify")
        if verify.returncode != 0:
            failed_verify += 1
        server.start()
    with lock:
        slugs = list(acknowledged)
    for slug in slugs:
        if get(server.url(f"/api/v1/articles/{slug}"), auth)[0] != 200:
            lost += 1
    server.stop()
    return {"engine": engine, "cycles": cycles, "acknowledged": len(slugs), "lost": lost,
            "verify_failed": failed_verify}


# --- burst -------------------------------------------------------------------------------------

def burst(binary, work, attempts):
    server = Server(binary, f"sqlite://{os.path.join(work, 'burst.db')}", os.path.join(work, "burst"))
    server.start()

    def sample(path, seconds):
        out, end = [], time.time() + seconds
        while time.time() < end:
            t0 = time.perf_counter()
            get(server.url(path))
            out.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.02)
        return out

    before = {p: sample(p, 3) for p in ("/healthz", "/")}
    with urllib.request.urlopen(server.url("/dang-nhap")) as r:
        cookie = [c.split(";")[0] for c in r.headers.get_all("set-cookie") if c.startswith("phoihop_csrf=")][0]
        page = r.read().decode()
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
    statuses, during = [], {"/healthz": [], "/": []}
    go = threading.Event()

    def attempt(i):
        go.wait()
        body = urllib.parse.urlencode({"csrf": csrf, "username": "quantri",
                                       "password": f"sai mat khau so {i}"}).encode()
        req = urllib.request.Request(server.url("/dang-nhap"), data=body, headers={
            "content-type": "application/x-www-form-urlencoded", "cookie": cookie})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                statuses.append(r.status)
        except urllib.error.HTTPError as e:
            statuses.append(e.code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(attempts)]
    for t in threads:
        t.start()
    stop = threading.Event()

    def watch(path):
        while not stop.is_set():
            t0 = time.perf_counter()
            get(server.url(path))
            during[path].append((time.perf_counter() - t0) * 1000)
            time.sleep(0.02)

    watchers = [threading.Thread(target=watch, args=(p,)) for p in during]
    for w in watchers:
        w.start()
    t0 = time.perf_counter()
    go.set()
    for t in threads:
        t.join()
    took = time.perf_counter() - t0
    stop.set()
    for w in watchers:
        w.join()
    server.stop()
    return {"attempts": attempts, "checked": statuses.count(401), "locked": statuses.count(429),
            "other": len(statuses) - statuses.count(401) - statuses.count(429), "seconds": took,
            "before": before, "during": during}


# --- soak --------------------------------------------------------------------------------------

def soak(binary, work, seconds, clients):
    server = Server(binary, f"sqlite://{os.path.join(work, 'soak.db')}", os.path.join(work, "soak"))
    server.start()
    token = server.token()
    auth = {"authorization": f"Bearer {token}"}
    stop = threading.Event()
    served = [0]

    def reader():
        i = random.randrange(len(PUBLIC_PAGES))
        while not stop.is_set():
            path = PUBLIC_PAGES[i % len(PUBLIC_PAGES)]
            # Searches vary, as visitors' do: every address is another cache entry.
            if path.startswith("/tim-kiem"):
                path = f"/tim-kiem?q=chi+tieu+{random.randrange(100000)}"
            get(server.url(path))
            served[0] += 1
            i += 1

    def writer():
        n = 0
        while not stop.is_set():
            n += 1
            send(server.url("/api/v1/articles"), "POST", article(f"Tin ngâm tải {n}"), auth)
            time.sleep(1)

    samples = [(0, server.rss_kb())]
    threads = [threading.Thread(target=reader) for _ in range(clients)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    start = time.time()
    while time.time() - start < seconds:
        time.sleep(10)
        samples.append((round(time.time() - start), server.rss_kb()))
    stop.set()
    for t in threads:
        t.join()
    index_kb = server.mapped_index_kb()
    server.stop()
    return {"seconds": seconds, "requests": served[0], "samples": samples, "index_kb": index_kb}


# --- replica -----------------------------------------------------------------------------------

def replica(binary, work, pg, replica_server, edits):
    database = fresh_database("postgres", work, pg, "replica")
    name = database.rsplit("/", 1)[1]
    read = f"{replica_server.rstrip('/')}/{name}"
    server = Server(binary, database, os.path.join(work, "replica"), ["--database-read", read])
    # The first start loads the demo on the primary; the standby follows.
    server.start()
    token = server.token()
    auth = {"authorization": f"Bearer {token}"}
    immediate, delays = 0, []
    for i in range(edits):
        title = f"Tiêu đề sửa lần {i}"
        body = {**article(title), "slug": SEED.rsplit("/", 1)[1], "categories": ["mat-tran-to-quoc"]}
        t0 = time.perf_counter()
        status, _ = send(server.url(f"/api/v1/articles/{body['slug']}"), "PUT", body, auth)
        assert status == 200, status
        if title.encode() in get(server.url(f"/api/v1/articles/{body['slug']}"), auth)[1]:
            immediate += 1
        while title.encode() not in get(server.url(f"/api/v1/articles/{body['slug']}"))[1]:
            time.sleep(0.002)
        delays.append((time.perf_counter() - t0) * 1000)
    server.stop()
    return {"edits": edits, "immediate": immediate, "delays": delays}


def main():
    binary = os.environ["PHOIHOP"]
    pg = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    replica_server = os.environ.get("REPLICA_URL", "postgres://postgres@127.0.0.1:5433/")
    cycles = int(os.environ.get("CYCLES", "20"))
    soak_seconds = int(os.environ.get("SOAK_SECONDS", "600"))
    work = tempfile.mkdtemp(prefix="phoihop-hardening-")
    random.seed(1)
    try:
        print("# Hardening figures\n")
        print(f"phoihop release build, {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}.\n")
        print("## kill -9 under write load\n")
        print("| engine | cycles | writes acknowledged | lost after restart | `verify` failures |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for engine in ("sqlite", "postgres"):
            r = crash(binary, engine, work, pg, cycles, writers=4)
            print(f"| {engine} | {r['cycles']} | {r['acknowledged']} | {r['lost']} | {r['verify_failed']} |")
            sys.stdout.flush()

        r = burst(binary, work, 150)
        print("\n## 150 wrong passwords for one account at once\n")
        print(f"{r['checked']} passwords checked (refused, 401), {r['locked']} told to wait (429), "
              f"{r['other']} other; the burst took {r['seconds']:.1f} s.\n")
        print("| page | p50 before | p99 before | p50 during | p99 during | max during |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for p in ("/healthz", "/"):
            b, d = r["before"][p], r["during"][p]
            print(f"| `{p}` | {percentile(b, 50):.1f} ms | {percentile(b, 99):.1f} ms | "
                  f"{percentile(d, 50):.1f} ms | {percentile(d, 99):.1f} ms | {max(d or [0]):.1f} ms |")
        sys.stdout.flush()

        if shutil.which("pg_isready") and subprocess.run(
                ["pg_isready", "-d", replica_server, "-q"]).returncode == 0:
            r = replica(binary, work, pg, replica_server, 20)
            print("\n## Read replica (PostgreSQL streaming standby)\n")
            print(f"{r['immediate']}/{r['edits']} edits read back at once by their author (primary); "
                  f"visitors (standby) saw each after {statistics.median(r['delays']):.1f} ms median, "
                  f"{max(r['delays']):.1f} ms at most, counting the write itself.\n")
            sys.stdout.flush()

        r = soak(binary, work, soak_seconds, clients=4)
        print(f"\n## Memory under a {r['seconds'] // 60}-minute mixed load\n")
        print(f"{r['requests']} public requests (16 pages, documents and varied searches included) "
              f"and one API write a second.\n")
        print("| after | resident memory |")
        print("| ---: | ---: |")
        shown = r["samples"][:: max(1, len(r["samples"]) // 10)]
        if shown[-1] != r["samples"][-1]:
            shown.append(r["samples"][-1])
        for t, kb in shown:
            print(f"| {t} s | {kb / 1024:.1f} MB |")
        print(f"\nOf the last figure, {r['index_kb'] / 1024:.1f} MB are the search index's mapped "
              f"files (resident pages of `search/`, shared with the page cache of the OS).")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
