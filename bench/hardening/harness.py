#!/usr/bin/env python3
"""The hardening harness: what a crash, a busy year and an attacker do to a release build.

  crash    kill -9 cycles under write load on SQLite and PostgreSQL: every write acknowledged
           (201) before the kill is found after the restart, and `phoihop verify` passes each time
  burst    150 wrong passwords for one account sent at once, with the latency of /healthz and the
           home page measured during the burst against before it; then whether the account's holder
           still signs in from a browser that signed in before (its device cookie)
  uploads  eight 40-megapixel pictures uploaded at once, with the server's peak resident memory
  setup    twenty first-visit set-up forms posted at once on an empty installation, on SQLite and
           PostgreSQL: how many operators they make
  soak     a mixed load (16 public pages, documents included, and one API write a second) with the
           server's resident memory sampled as `ps` reports it, and how much of it is the search
           index's mapped files
  replica  visitors' pages from a streaming replica: staff see their edit at once, visitors once
           the standby has replayed it (the delay is measured)

Standard library only. Prints a Markdown report. Knobs: see main().
"""

import json
import os
import sqlite3
import struct
import zlib
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

def sign_in_form(server):
    """The sign-in page's CSRF cookie and token, as one browser gets them."""
    with urllib.request.urlopen(server.url("/dang-nhap")) as r:
        cookie = [c.split(";")[0] for c in r.headers.get_all("set-cookie") if c.startswith("phoihop_csrf=")][0]
        csrf = r.read().decode().split('name="csrf" value="')[1].split('"')[0]
    return cookie, csrf


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(server, username, password, device=None):
    """Post the sign-in form as a browser would: the status and the cookies it sets."""
    cookie, csrf = sign_in_form(server)
    if device:
        cookie = f"{cookie}; {device}"
    body = urllib.parse.urlencode({"csrf": csrf, "username": username, "password": password}).encode()
    req = urllib.request.Request(server.url("/dang-nhap"), data=body, headers={
        "content-type": "application/x-www-form-urlencoded", "cookie": cookie})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, r.headers.get_all("set-cookie") or []
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get_all("set-cookie") or []


def burst(binary, work, attempts):
    server = Server(binary, f"sqlite://{os.path.join(work, 'burst.db')}", os.path.join(work, "burst"))
    server.start()
    password = server.cli("user", "passwd", "cv.hdnd", env={"PHOIHOP_PASSWORD": "mật khẩu của chủ tài khoản"})
    if password.returncode != 0:
        raise RuntimeError(password.stderr)
    status, cookies = sign_in(server, "cv.hdnd", "mật khẩu của chủ tài khoản")
    device = [c.split(";")[0] for c in cookies if c.startswith("phoihop_device=")][0]

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
        body = urllib.parse.urlencode({"csrf": csrf, "username": "cv.hdnd",
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
    # The attacker spends what the burst left of the untrusted allowance, one guess at a time.
    for i in range(6):
        sign_in(server, "cv.hdnd", f"doan tiep {i}")
    untrusted = sign_in(server, "cv.hdnd", "mật khẩu của chủ tài khoản")[0]
    holder = sign_in(server, "cv.hdnd", "mật khẩu của chủ tài khoản", device)[0]
    server.stop()
    return {"attempts": attempts, "checked": statuses.count(401), "locked": statuses.count(429),
            "other": len(statuses) - statuses.count(401) - statuses.count(429), "seconds": took,
            "before": before, "during": during, "untrusted": untrusted, "holder": holder}


# --- uploads -----------------------------------------------------------------------------------

def big_png(width, height):
    """A PNG of width × height RGBA pixels, smooth enough to stay under the 10 MB upload limit."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        shade = (y * 255 // height) & 0xFF
        row = bytes((x * 255 // width) & 0xFF for x in range(0, width, 64))
        line = bytearray()
        for v in row:
            line += bytes((v, shade, 128, 255)) * 64
        raw += line[: width * 4]
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 6)) + chunk(b"IEND", b""))


def multipart(fields, file_field, file_name, file_bytes, content_type):
    boundary = "phoihopbench" + str(random.randrange(10 ** 12))
    out = bytearray()
    for k, v in fields.items():
        out += f"--{boundary}\r\ncontent-disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
    out += (f"--{boundary}\r\ncontent-disposition: form-data; name=\"{file_field}\"; "
            f"filename=\"{file_name}\"\r\ncontent-type: {content_type}\r\n\r\n").encode()
    out += file_bytes + f"\r\n--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def uploads(binary, work, count):
    server = Server(binary, f"sqlite://{os.path.join(work, 'uploads.db')}", os.path.join(work, "uploads"))
    server.start()
    server.cli("user", "passwd", "quantri", env={"PHOIHOP_PASSWORD": "mật khẩu quản trị đo ảnh"})
    status, cookies = sign_in(server, "quantri", "mật khẩu quản trị đo ảnh")
    session = [c.split(";")[0] for c in cookies if c.startswith("phoihop_session=")][0]
    page = get(server.url("/quan-ly/tin-tuc"), {"cookie": session})[1].decode()
    article = next(part.split('"')[0] for part in page.split('href="/quan-ly/tin-tuc/')[1:]
                   if part.split('"')[0].isdigit())
    form = get(server.url(f"/quan-ly/tin-tuc/{article}"), {"cookie": session})[1].decode()
    csrf = form.split('name="csrf" value="')[1].split('"')[0]
    picture = big_png(7744, 5164)
    before = server.rss_kb()
    peak, stop, statuses = [before], threading.Event(), []

    def watch():
        while not stop.is_set():
            peak.append(server.rss_kb())
            time.sleep(0.01)

    def upload(i):
        body, kind = multipart({"csrf": csrf, "alt": f"Ảnh đo bộ nhớ {i}", "caption": ""},
                               "file", f"anh-{i}.png", picture, "image/png")
        req = urllib.request.Request(server.url(f"/quan-ly/tin-tuc/{article}/anh"), data=body,
                                     headers={"content-type": kind, "cookie": session})
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(req, timeout=600) as r:
                statuses.append(r.status)
        except urllib.error.HTTPError as e:
            statuses.append(e.code)

    watcher = threading.Thread(target=watch)
    watcher.start()
    threads = [threading.Thread(target=upload, args=(i,)) for i in range(count)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - t0
    stop.set()
    watcher.join()
    server.stop()
    return {"count": count, "megapixels": 7744 * 5164 / 1e6, "file_mb": len(picture) / 1e6,
            "before_mb": before / 1024, "peak_mb": max(peak) / 1024, "seconds": took,
            "saved": statuses.count(303), "statuses": sorted(set(statuses))}


# --- setup -------------------------------------------------------------------------------------

def setup(binary, engine, work, pg, posts):
    database = fresh_database(engine, work, pg, "setup")
    server = Server(binary, database, os.path.join(work, f"setup-{engine}"), ["--no-demo"])
    server.start()
    forms = []
    for _ in range(posts):
        with urllib.request.urlopen(server.url("/cai-dat")) as r:
            cookie = [c.split(";")[0] for c in r.headers.get_all("set-cookie") if c.startswith("phoihop_csrf=")][0]
            csrf = r.read().decode().split('name="csrf" value="')[1].split('"')[0]
        forms.append((cookie, csrf))
    go, statuses = threading.Event(), []

    def post(i):
        cookie, csrf = forms[i]
        body = urllib.parse.urlencode({"csrf": csrf, "display_name": "Người cài đặt", "username": f"keden{i}",
                                       "password": "mật khẩu hệ thống đủ dài",
                                       "password_again": "mật khẩu hệ thống đủ dài"}).encode()
        req = urllib.request.Request(server.url("/cai-dat"), data=body, headers={
            "content-type": "application/x-www-form-urlencoded", "cookie": cookie})
        go.wait()
        try:
            with urllib.request.build_opener(NoRedirect).open(req, timeout=60) as r:
                statuses.append(r.status)
        except urllib.error.HTTPError as e:
            statuses.append(e.code)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(posts)]
    for t in threads:
        t.start()
    go.set()
    for t in threads:
        t.join()
    server.stop()
    query = "SELECT COUNT(*) FROM users WHERE operator = 1"
    if engine == "sqlite":
        with sqlite3.connect(database.removeprefix("sqlite://")) as db:
            operators = db.execute(query).fetchone()[0]
    else:
        operators = int(subprocess.run(["psql", database, "-tAc", query], capture_output=True,
                                       text=True, check=True).stdout.strip())
    return {"engine": engine, "posts": posts, "made": statuses.count(303),
            "refused": statuses.count(403), "operators": operators}


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
    only = set(filter(None, os.environ.get("ONLY", "").split(",")))
    wanted = lambda section: not only or section in only
    work = tempfile.mkdtemp(prefix="phoihop-hardening-")
    random.seed(1)
    try:
        print("# Hardening figures\n")
        print(f"phoihop release build, {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}.\n")
        if wanted("crash"):
            print("## kill -9 under write load\n")
            print("| engine | cycles | writes acknowledged | lost after restart | `verify` failures |")
            print("| --- | ---: | ---: | ---: | ---: |")
            for engine in ("sqlite", "postgres"):
                r = crash(binary, engine, work, pg, cycles, writers=4)
                print(f"| {engine} | {r['cycles']} | {r['acknowledged']} | {r['lost']} | {r['verify_failed']} |")
                sys.stdout.flush()

        if wanted("burst"):
            r = burst(binary, work, 150)
            print("\n## 150 wrong passwords for one account at once\n")
            print(f"{r['checked']} passwords checked (refused, 401), {r['locked']} told to wait (429), "
                  f"{r['other']} other; the burst took {r['seconds']:.1f} s. Attempts that find the "
                  f"account locked are taken back, so the attacker then spent the rest of the "
                  f"untrusted allowance one guess at a time. Afterwards the right password from a new "
                  f"browser answered {r['untrusted']}; from the holder's browser, which had signed in "
                  f"before (device cookie), {r['holder']} (303: signed in).\n")
            print("| page | p50 before | p99 before | p50 during | p99 during | max during |")
            print("| --- | ---: | ---: | ---: | ---: | ---: |")
            for p in ("/healthz", "/"):
                b, d = r["before"][p], r["during"][p]
                print(f"| `{p}` | {percentile(b, 50):.1f} ms | {percentile(b, 99):.1f} ms | "
                      f"{percentile(d, 50):.1f} ms | {percentile(d, 99):.1f} ms | {max(d or [0]):.1f} ms |")
            sys.stdout.flush()

        if wanted("uploads"):
            r = uploads(binary, work, 8)
            print(f"\n## {r['count']} pictures of {r['megapixels']:.0f} megapixels uploaded at once\n")
            print(f"Each a PNG of {r['file_mb']:.1f} MB. Resident memory {r['before_mb']:.0f} MB before, "
                  f"**{r['peak_mb']:.0f} MB at the peak**; {r['saved']} of {r['count']} saved "
                  f"(answers {r['statuses']}) in {r['seconds']:.1f} s.\n")
            sys.stdout.flush()

        if wanted("setup"):
            print("\n## 20 set-up forms posted at once on an empty installation\n")
            print("| engine | posts | accepted (303) | refused (403) | operators made |")
            print("| --- | ---: | ---: | ---: | ---: |")
            for engine in ("sqlite", "postgres"):
                r = setup(binary, engine, work, pg, 20)
                print(f"| {engine} | {r['posts']} | {r['made']} | {r['refused']} | {r['operators']} |")
                sys.stdout.flush()

        if wanted("replica") and shutil.which("pg_isready") and subprocess.run(
                ["pg_isready", "-d", replica_server, "-q"]).returncode == 0:
            r = replica(binary, work, pg, replica_server, 20)
            print("\n## Read replica (PostgreSQL streaming standby)\n")
            print(f"{r['immediate']}/{r['edits']} edits read back at once by their author (primary); "
                  f"visitors (standby) saw each after {statistics.median(r['delays']):.1f} ms median, "
                  f"{max(r['delays']):.1f} ms at most, counting the write itself.\n")
            sys.stdout.flush()

        if not wanted("soak"):
            return
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
