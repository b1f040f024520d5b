#!/usr/bin/env python3
"""Side-by-side build benchmark: Ladder vs Hugo vs mdBook (issue 7).

    python3 bench/compare.py [--quick] [--sizes 100,1000,10000] [--runs N]
                             [--data | --no-data]

Generates the same synthetic corpus in each tool's format (gen_corpus.py from
shared/bench) plus a data-heavy Ladder source (bench/gen_data_source.py), installs
Hugo and mdBook when missing, then times clean builds of each tool on the same
corpus, alternating the tools run by run. Progress goes to stderr; the Markdown
results go to stdout and to $BENCH_DIR/results.md (raw runs: results.json).

Environment:
    GEN_CORPUS       path to gen_corpus.py   (default: <repo>/../shared/bench/gen_corpus.py)
    BENCH_DIR        work dir for corpora, outputs and results (default: <repo>/target/bench)
    LADDER           Ladder binary to time (default: `cargo build --release`, then target/release/ladder)
    HUGO, MDBOOK     peer binaries (default: found on PATH, installed when missing)
    RUNS             timed runs per tool and size (default 5; 3 at 10,000 pages; --runs wins)
    WARMUP           untimed runs per tool before the timed ones (default 1)
    SKIP_MDBOOK_10K  1 (default) skips mdBook at 10,000 pages and more (~171 s a build)
    BUILD_TIMEOUT    seconds after which one build is stopped and reported as a lower
                     bound, that tool not being run again at that size (default 600)

Exit status: 0 whatever the targets say (they are informational); 1 when a corpus
cannot be generated, a tool cannot be installed, or a tool fails to build a corpus.
Python 3 standard library only.
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
TIME = "/usr/bin/time"

DATA_ARGS = ["--pages", "200", "--charts", "1000", "--tables", "50", "--rows", "10000"]
DATA_LABEL = "200 pages, 1,000 charts, 50 tables x 10,000 rows"


class Failure(Exception):
    """A step the benchmark cannot go on without."""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def env_int(name, default):
    v = os.environ.get(name, "").strip()
    if not v:
        return default
    try:
        return int(v)
    except ValueError:
        raise Failure(f"{name} must be an integer, not {v!r}")


# ------------------------------------------------------------------ installs

def as_root(cmd):
    if os.geteuid() == 0:
        return cmd
    if not shutil.which("sudo"):
        raise Failure(f"need root (or sudo) to run: {' '.join(cmd)}")
    return ["sudo"] + cmd


def apt_install(pkg):
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = as_root(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", pkg])
    log(f"installing {pkg}: {' '.join(cmd)}")
    if subprocess.run(cmd, env=env, stdout=sys.stderr).returncode == 0:
        return
    log("apt-get install failed; running apt-get update and retrying")
    subprocess.run(as_root(["apt-get", "update", "-q"]), env=env, stdout=sys.stderr)
    if subprocess.run(cmd, env=env, stdout=sys.stderr).returncode != 0:
        raise Failure(f"could not install the Debian package {pkg}")


def cargo_bin(name):
    home = os.environ.get("CARGO_HOME") or os.path.join(os.path.expanduser("~"), ".cargo")
    p = os.path.join(home, "bin", name)
    return p if os.access(p, os.X_OK) else None


def find_tool(env_name, name):
    if os.environ.get(env_name):
        p = os.environ[env_name]
        if not (os.access(p, os.X_OK) or shutil.which(p)):
            raise Failure(f"{env_name}={p} is not an executable")
        return shutil.which(p) or p
    return shutil.which(name) or cargo_bin(name)


def ensure_time():
    if not os.access(TIME, os.X_OK):
        apt_install("time")
    if not os.access(TIME, os.X_OK):
        raise Failure(f"{TIME} is still missing after installing the Debian package time")


def ensure_hugo():
    hugo = find_tool("HUGO", "hugo")
    if hugo is None:
        apt_install("hugo")
        hugo = shutil.which("hugo")
        if hugo is None:
            raise Failure("hugo is still missing after installing the Debian package hugo")
    return hugo


def ensure_mdbook():
    mdbook = find_tool("MDBOOK", "mdbook")
    if mdbook is None:
        log("installing mdbook: cargo install mdbook --locked (compiles for a few minutes)")
        if subprocess.run(["cargo", "install", "mdbook", "--locked"], stdout=sys.stderr).returncode != 0:
            raise Failure("cargo install mdbook --locked failed")
        mdbook = shutil.which("mdbook") or cargo_bin("mdbook")
        if mdbook is None:
            raise Failure("mdbook is still missing after cargo install")
    return mdbook


def ensure_ladder():
    if os.environ.get("LADDER"):
        p = os.path.abspath(os.environ["LADDER"])
        if not os.access(p, os.X_OK):
            raise Failure(f"LADDER={p} is not an executable")
        return p
    log("building Ladder: cargo build --release")
    if subprocess.run(["cargo", "build", "--release"], cwd=REPO, stdout=sys.stderr).returncode != 0:
        raise Failure("cargo build --release failed")
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=REPO,
        check=True, capture_output=True, text=True).stdout)
    p = os.path.join(meta["target_directory"], "release", "ladder")
    if not os.access(p, os.X_OK):
        raise Failure(f"no Ladder binary at {p} after cargo build --release")
    return p


def version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


# ------------------------------------------------------------------- corpora

def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def ensure_corpus(bench_dir, name, generator, args):
    """Generate a corpus once; reuse it while the generator and its arguments are unchanged."""
    dest = os.path.join(bench_dir, "corpus", name)
    stamp_path = dest + ".stamp"
    stamp = json.dumps({"generator": os.path.basename(generator),
                        "sha256": digest(generator), "args": args}, sort_keys=True)
    if os.path.isdir(dest) and os.path.exists(stamp_path):
        with open(stamp_path, encoding="utf-8") as f:
            if f.read() == stamp:
                return dest
    for p in (dest, dest + ".tmp"):
        if os.path.exists(p):
            shutil.rmtree(p)
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    log(f"generating corpus {name}")
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, generator, *args, "--out", dest + ".tmp"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise Failure(f"{os.path.basename(generator)} {' '.join(args)} failed:\n{p.stderr}")
    os.rename(dest + ".tmp", dest)
    with open(stamp_path, "w", encoding="utf-8") as f:
        f.write(stamp)
    log(f"  {name}: {time.perf_counter() - t0:.1f} s")
    return dest


# -------------------------------------------------------------------- timing

class ToolFailed(Exception):
    pass


def parse_time_v(path):
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            key, _, val = line.strip().rpartition(": ")
            if key == "User time (seconds)":
                out["user"] = float(val)
            elif key == "System time (seconds)":
                out["sys"] = float(val)
            elif key == "Maximum resident set size (kbytes)":
                out["rss_kb"] = int(val)
    if len(out) != 3:
        raise Failure(f"could not parse {TIME} -v output in {path}")
    out["cpu"] = out["user"] + out["sys"]
    return out


def count_html(path):
    n = 0
    for _, _, files in os.walk(path):
        n += sum(1 for f in files if f.endswith(".html"))
    return n


class Tool:
    def __init__(self, name, argv, out, clean=()):
        self.name, self.argv, self.out, self.clean = name, argv, out, list(clean)

    def run(self, time_file, timeout):
        """One clean build: remove the output (and caches), then time the build.

        A build still running after `timeout` seconds is stopped (SIGKILL to the tool,
        so /usr/bin/time still reports its CPU and peak memory up to then) and the run
        is marked timed out: its numbers are lower bounds.
        """
        for p in [self.out, *self.clean]:
            if os.path.isdir(p):
                shutil.rmtree(p)
        os.makedirs(os.path.dirname(self.out), exist_ok=True)
        base = os.path.splitext(time_file)[0]
        with open(base + ".stdout", "w+b") as so, open(base + ".stderr", "w+b") as se:
            t0 = time.perf_counter()
            proc = subprocess.Popen([TIME, "-v", "-o", time_file, *self.argv],
                                    stdout=so, stderr=se, start_new_session=True)
            timed_out = False
            try:
                rc = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                kill_children(proc.pid)
                try:
                    rc = proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, 9)
                    rc = proc.wait()
            wall = time.perf_counter() - t0
            if rc != 0 and not timed_out:
                so.seek(0)
                se.seek(0)
                raise ToolFailed(f"{self.name} failed (exit {rc}): {' '.join(self.argv)}\n"
                                 + se.read().decode("utf-8", "replace")[-20000:]
                                 + so.read().decode("utf-8", "replace")[-4000:])
        try:
            r = parse_time_v(time_file)
        except Failure:
            if not timed_out:
                raise
            r = {"user": 0.0, "sys": 0.0, "cpu": 0.0, "rss_kb": 0}
        r["wall"] = wall
        r["timed_out"] = timed_out
        return r


def kill_children(pid):
    """SIGKILL the processes /usr/bin/time started (not time itself, so it still reports)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(k) for k in f.read().split()]
    except OSError:
        kids = []
    if not kids:
        os.killpg(pid, 9)
    for k in kids:
        try:
            os.kill(k, 9)
        except ProcessLookupError:
            pass


def tools_for(flavour_src, size_key, bench_dir, bins):
    out = lambda t: os.path.join(bench_dir, "out", f"{t}-{size_key}")
    made = {}
    if "ladder" in flavour_src:
        made["ladder"] = Tool("Ladder", [bins["ladder"], "build", flavour_src["ladder"], "-o", out("ladder")],
                              out("ladder"))
    if "hugo" in flavour_src:
        src = flavour_src["hugo"]
        made["hugo"] = Tool("Hugo", [bins["hugo"], "--source", src, "--destination", out("hugo"), "--quiet"],
                            out("hugo"), clean=[os.path.join(src, "resources")])
    if "mdbook" in flavour_src:
        made["mdbook"] = Tool("mdBook", [bins["mdbook"], "build", flavour_src["mdbook"], "-d", out("mdbook")],
                              out("mdbook"))
    return made


def bench_set(label, tools, runs, warmup, bench_dir, timeout):
    """Alternate the tools run by run (L, H, M, L, H, M, ...); return {key: [run, ...]}.

    A tool whose build times out (warm-up or timed) is not run again at this size;
    its timed-out run is kept as its only result, a lower bound.
    """
    time_file = os.path.join(bench_dir, "time-v.txt")
    results = {k: [] for k in tools}
    html = {}
    active = dict(tools)

    def one(k, t, what):
        r = t.run(time_file, timeout)
        if r["timed_out"]:
            log(f"[{label}] {what} {t.name:7s} TIMED OUT after {r['wall']:.0f} s "
                f"(BUILD_TIMEOUT={timeout:g}); cpu {r['cpu']:.1f} s, rss {r['rss_kb'] / 1024:.1f} MB so far; "
                f"no more {t.name} runs at this size")
            results[k] = [r]
            html[k] = count_html(t.out)
            del active[k]
        return r

    for w in range(warmup):
        for k, t in list(active.items()):
            r = one(k, t, f"warm-up {w + 1}/{warmup}")
            if not r["timed_out"]:
                log(f"[{label}] warm-up {w + 1}/{warmup} {t.name:7s} {r['wall']:8.3f} s (not counted)")
    for i in range(runs):
        for k, t in list(active.items()):
            r = one(k, t, f"run {i + 1}/{runs}")
            if r["timed_out"]:
                continue
            results[k].append(r)
            if k not in html:
                html[k] = count_html(t.out)
            log(f"[{label}] run {i + 1}/{runs} {t.name:7s} wall {r['wall']:8.3f} s  "
                f"cpu {r['cpu']:8.2f} s  rss {r['rss_kb'] / 1024:8.1f} MB")
    return results, html


def med(runs, key):
    return statistics.median(r[key] for r in runs)


def lower(runs):
    """True when the numbers are lower bounds (the tool's build timed out)."""
    return any(r.get("timed_out") for r in runs)


# -------------------------------------------------------------------- report

def fs(x):
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def fmb(kb):
    mb = kb / 1024
    return f"{mb:.1f}" if mb < 100 else f"{mb:.0f}"


def fratio(x):
    return f"{x:.3f}" if x < 1 else f"{x:.2f}"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 100 and 1,000 pages, 3 runs, no data-heavy source")
    ap.add_argument("--sizes", help="comma-separated page counts (default 100,1000,10000)")
    ap.add_argument("--runs", type=int, help="timed runs per tool and size (overrides RUNS)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--data", dest="data", action="store_true", default=None,
                   help="time the data-heavy source (default, except with --quick)")
    g.add_argument("--no-data", dest="data", action="store_false", help="skip the data-heavy source")
    a = ap.parse_args(argv)

    started = time.perf_counter()
    try:
        sizes = [100, 1000] if a.quick else [100, 1000, 10000]
        if a.sizes:
            sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
            if not sizes or min(sizes) < 1:
                raise Failure("--sizes needs positive page counts, e.g. --sizes 1000,10000")
        # --runs, then RUNS, then 3 for --quick; 0 means the per-size default.
        runs_override = a.runs if a.runs is not None else env_int("RUNS", 0) or (3 if a.quick else 0)
        if runs_override < 0 or (a.runs is not None and a.runs < 1):
            raise Failure("runs must be positive")
        runs_for = lambda n: runs_override or (3 if n >= 10000 else 5)
        data = (not a.quick) if a.data is None else a.data
        warmup = env_int("WARMUP", 1)
        timeout = env_int("BUILD_TIMEOUT", 600)
        skip_mdbook_big = os.environ.get("SKIP_MDBOOK_10K", "1").strip() not in ("0", "", "no", "false")

        gen_corpus = os.path.abspath(os.environ.get("GEN_CORPUS")
                                     or os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
        if not os.path.isfile(gen_corpus):
            raise Failure(f"gen_corpus.py not found at {gen_corpus} (set GEN_CORPUS)")
        gen_data = os.path.join(BENCH, "gen_data_source.py")
        bench_dir = os.path.abspath(os.environ.get("BENCH_DIR") or os.path.join(REPO, "target", "bench"))
        os.makedirs(bench_dir, exist_ok=True)
        load_start = loadavg()

        # Tools.
        ensure_time()
        need_mdbook = any(n < 10000 or not skip_mdbook_big for n in sizes)
        bins = {"hugo": ensure_hugo(),
                "mdbook": ensure_mdbook() if need_mdbook else None,
                "ladder": ensure_ladder()}
        # Time a snapshot of the Ladder binary, so that a rebuild during the run changes nothing.
        ladder_src = bins["ladder"]
        ladder_sha = digest(ladder_src)[:12]
        os.makedirs(os.path.join(bench_dir, "bin"), exist_ok=True)
        bins["ladder"] = os.path.join(bench_dir, "bin", "ladder")
        shutil.copy2(ladder_src, bins["ladder"])
        versions = {"ladder": version([bins["ladder"], "--version"]),
                    "hugo": version([bins["hugo"], "version"]) if bins["hugo"] else "not used",
                    "mdbook": version([bins["mdbook"], "--version"]) if bins["mdbook"] else "not used"}

        # Corpora (cached under BENCH_DIR/corpus).
        corpora = {}
        for n in sizes:
            flavours = ["ladder", "hugo"] + (["mdbook"] if bins["mdbook"] and (n < 10000 or not skip_mdbook_big) else [])
            corpora[n] = {f: ensure_corpus(bench_dir, f"{f}-{n}", gen_corpus, ["--pages", str(n), "--flavour", f])
                          for f in flavours}
        data_src = ensure_corpus(bench_dir, "data-heavy", gen_data, DATA_ARGS) if data else None

        # Timing.
        measured = {}   # size -> {tool: [runs]}
        html = {}
        skipped = []
        for n in sizes:
            tools = tools_for(corpora[n], str(n), bench_dir, bins)
            if "mdbook" not in tools:
                why = ("SKIP_MDBOOK_10K=1 (about 171 s a build at 10,000 pages; "
                       "set SKIP_MDBOOK_10K=0 to include it)")
                skipped.append((n, "mdBook", why))
                log(f"[{n} pages] mdBook skipped: {why}")
            measured[n], html[n] = bench_set(f"{n} pages", tools, runs_for(n), warmup, bench_dir, timeout)
        data_runs = None
        if data_src:
            t = {"ladder": Tool("Ladder", [bins["ladder"], "build", data_src, "-o",
                                           os.path.join(bench_dir, "out", "ladder-data-heavy")],
                                os.path.join(bench_dir, "out", "ladder-data-heavy"))}
            r, h = bench_set("data-heavy", t, runs_override or 5, warmup, bench_dir, timeout)
            data_runs, data_html = r["ladder"], h["ladder"]
    except ToolFailed as e:
        log(f"\nFAILED: {e}")
        return 1
    except Failure as e:
        log(f"\nerror: {e}")
        return 1

    # ---------------------------------------------------------------- report
    names = {"ladder": "Ladder", "hugo": "Hugo", "mdbook": "mdBook"}

    def stat(runs, key, fmt):
        return (">" if lower(runs) else "") + fmt(med(runs, key))

    def ratio(lad, peer, key):
        """(Ladder median / peer median, bound): bound '>' or '<' when one side timed out."""
        a, b = med(lad, key), med(peer, key)
        if b == 0 or (lower(lad) and lower(peer)):
            return None, ""
        return a / b, ">" if lower(lad) else "<" if lower(peer) else ""

    def fbound(v, fmt=lambda x: fratio(x)):
        return "?" if v[0] is None else v[1] + fmt(v[0])

    lines = []
    lines.append("# Ladder vs Hugo vs mdBook: clean full builds")
    lines.append("")
    lines.append(f"- Date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}; machine: {os.cpu_count()} CPUs "
                 f"({cpu_model()}), {mem_total()} RAM, {platform.system()} {platform.release()}")
    lines.append(f"- Load average (1/5/15 min) at start: {load_start}; at end: {loadavg()} "
                 "(other builds may share the machine)")
    lines.append(f"- Ladder: `{ladder_src}` ({versions['ladder']}, built "
                 f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(os.path.getmtime(ladder_src)))}, "
                 f"sha256 {ladder_sha}); Hugo: {versions['hugo']}; "
                 f"mdBook: {versions['mdbook']}")
    lines.append("- Runs per tool: " + ", ".join(f"{n:,} pages: {runs_for(n)}" for n in sizes)
                 + (f", data-heavy: {runs_override or 5}" if data_runs else "")
                 + f"; {warmup} untimed warm-up run(s) per tool first; tools alternated run by run; "
                 "output folder removed before every run")
    lines.append("- Wall: median elapsed seconds; CPU: median user+sys seconds; peak RSS: median maximum "
                 "resident set size (`/usr/bin/time -v`); ratios are Ladder median / peer median; "
                 f"`>` marks a lower bound (a build stopped after BUILD_TIMEOUT={timeout} s)")
    lines.append("")
    lines.append("| Pages | Tool | HTML files | Wall (s) | Wall min–max (s) | CPU (s) | Peak RSS (MB) "
                 "| Ladder/peer wall | Ladder/peer CPU | Ladder/peer RSS |")
    lines.append("|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|")
    ratios = {}
    for n in sizes:
        runs = measured[n]
        lad = runs["ladder"]
        for k in ("ladder", "hugo", "mdbook"):
            if k not in runs:
                continue
            rs = runs[k]
            walls = [r["wall"] for r in rs]
            spread = "timed out" if lower(rs) else f"{fs(min(walls))}–{fs(max(walls))}"
            row = [f"{n:,}", names[k], "—" if lower(rs) else f"{html[n].get(k, 0):,}", stat(rs, "wall", fs), spread,
                   stat(rs, "cpu", fs), stat(rs, "rss_kb", fmb)]
            if k == "ladder":
                row += ["—", "—", "—"]
            else:
                rw, rc, rm = ratio(lad, rs, "wall"), ratio(lad, rs, "cpu"), ratio(lad, rs, "rss_kb")
                ratios[(n, k)] = (rw, rm)
                row += [fbound(rw), fbound(rc), fbound(rm)]
            lines.append("| " + " | ".join(row) + " |")
        for sn, tool, why in skipped:
            if sn == n:
                lines.append(f"| {n:,} | {tool} | — | skipped | | | | | | |")
    if data_runs:
        walls = [r["wall"] for r in data_runs]
        spread = "timed out" if lower(data_runs) else f"{fs(min(walls))}–{fs(max(walls))}"
        lines.append(f"| data-heavy | Ladder | {'—' if lower(data_runs) else f'{data_html:,}'} | {stat(data_runs, 'wall', fs)} | {spread} | "
                     f"{stat(data_runs, 'cpu', fs)} | {stat(data_runs, 'rss_kb', fmb)} | — | — | — |")
    lines.append("")
    notes = []
    if data_runs:
        notes.append(f"Data-heavy source: {DATA_LABEL}, Ladder only.")
    for sn, tool, why in skipped:
        notes.append(f"{tool} at {sn:,} pages skipped: {why}.")
    growth = (None, "")
    if 1000 in measured and 10000 in measured:
        growth = ratio(measured[10000]["ladder"], measured[1000]["ladder"], "wall")
        gcpu = ratio(measured[10000]["ladder"], measured[1000]["ladder"], "cpu")
        notes.append(f"Linear growth: Ladder wall 10,000 / 1,000 pages = {fbound(growth, lambda x: f'{x:.2f}')} "
                     f"(CPU: {fbound(gcpu, lambda x: f'{x:.2f}')}).")
    if notes:
        lines.append("\n".join(f"- {x}" for x in notes))
        lines.append("")

    # Targets (issue 7).
    def target(desc, v, limit, strict=False, fmt=fratio, unit=""):
        value, bound = v
        cmp_ = "<" if strict else "≤"
        if value is None:
            return f"| {desc} | not measured | {cmp_} {limit}{unit} | n/a |"
        ok = (lambda x: x < limit) if strict else (lambda x: x <= limit)
        if bound == ">":      # the true value is higher
            result = "n/a (timed out)" if ok(value) else "FAIL"
        elif bound == "<":    # the true value is lower
            result = "PASS" if ok(value) else "n/a (peer timed out)"
        else:
            result = "PASS" if ok(value) else "FAIL"
        return f"| {desc} | {bound}{fmt(value)}{unit} | {cmp_} {limit}{unit} | {result} |"

    none = (None, "")
    r10 = ratios.get((10000, "hugo"), (none, none))
    r1 = ratios.get((1000, "hugo"), (none, none))
    dh = (med(data_runs, "wall"), ">" if lower(data_runs) else "") if data_runs else none
    lines.append("| Target (issue 7) | Measured | Limit | Result |")
    lines.append("|:---|---:|---:|:---:|")
    lines.append(target("10,000 pages: Ladder wall / Hugo wall", r10[0], 0.15))
    lines.append(target("10,000 pages: Ladder peak RSS / Hugo peak RSS", r10[1], 0.1))
    lines.append(target("1,000 pages: Ladder wall / Hugo wall", r1[0], 0.2))
    lines.append(target("Data-heavy source: Ladder wall", dh, 2, strict=True, fmt=fs, unit=" s"))
    lines.append(target("Linear growth: Ladder wall 10,000 / 1,000 pages", growth, 11,
                        fmt=lambda x: f"{x:.2f}"))
    lines.append("")
    total = time.perf_counter() - started
    lines.append(f"Harness runtime: {total:.0f} s (including corpus generation and installs, when needed).")

    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(bench_dir, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    raw = {"sizes": {str(n): measured[n] for n in sizes}, "html_files": {str(n): html[n] for n in sizes},
           "data_heavy": data_runs, "versions": versions, "skipped": skipped, "runtime_s": total}
    with open(os.path.join(bench_dir, "results.json"), "w", encoding="utf-8") as f:
        json.dump(raw, f, indent=1)
    log(f"results written to {os.path.join(bench_dir, 'results.md')} (raw runs: results.json)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
