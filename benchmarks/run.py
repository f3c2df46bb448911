"""Benchmarks: ahpfw against the YAML parse floor and LinkML's own validator, at several sizes.

    python benchmarks/run.py --sizes 1000,10000 [--repeat 3] [--json results.json]

For each size it generates a synthetic framework (benchmarks/generate.py), then
times, as separate processes, with repeats (the median is reported) and peak
memory (maximum resident set size of the child process):

- ``floor``: parsing the same YAML files with PyYAML's C loader, nothing else;
- ``validate``: ``ahpfw validate --no-cache`` (every file parsed);
- ``validate-fill``, ``validate-warm``, ``validate-one-changed``: ``ahpfw validate``
  with the reading cache empty (it is filled), warm with nothing changed, and warm
  after one domain file (a hundredth of the data at 100,000) changed since;
- ``linkml-validate``: LinkML's validator on the same data as one document;
- ``diff``: ``ahpfw diff`` between the data and a copy with 1% of statements changed;
- ``parse2``: the floor for both sides of that diff;
- ``build``: ``ahpfw build`` of every export;

and the cold start of ``ahpfw --version``, ``python -c "import ahpfw"`` and
``ahpfw validate`` on the shipped framework, against ``python -c pass``.
Absolute times vary between machines; the ratios are the result.

Each measurement records wall seconds and CPU seconds (user + system, of the
process and the processes it waited for). ``build-warm`` is ``ahpfw build``
after a ``validate`` has filled the reading cache. The cold start runs with byte
code compiled, as after ``pip install`` (a first run writes it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PY = sys.executable


def measure(argv: list[str], *, ok: tuple[int, ...] = (0,), timeout: float | None = None,
            cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Run ``argv`` once; return (wall seconds, peak RSS in MiB, CPU seconds). Raises if the exit code is not
    in ``ok``."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env)
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            raise TimeoutError(" ".join(argv))
        time.sleep(0.005)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if code not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {err[-500:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def summary(runs: list[tuple[float, float, float]]) -> dict[str, float]:
    """Median wall and CPU seconds and the highest peak memory of several runs."""
    return {"seconds": statistics.median(r[0] for r in runs), "peak_mib": max(r[1] for r in runs),
            "cpu_seconds": statistics.median(r[2] for r in runs)}


def median_of(argv: list[str], repeat: int, **kw) -> dict[str, float]:
    return summary([measure(argv, **kw) for _ in range(repeat)])


def has_command(name: str) -> bool:
    result = subprocess.run([PY, "-m", "ahpfw", name, "--help"], capture_output=True)
    return result.returncode == 0


def perturb(src: Path, dest: Path, fraction: float = 0.01) -> Path:
    """Copy a generated framework, changing the statement of ``fraction`` of its capabilities."""
    shutil.copytree(src, dest)
    for file in sorted((dest / "domains").glob("*.yaml")):
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        count = 0
        for i, line in enumerate(lines):
            if line.lstrip().startswith("statement:"):
                count += 1
                if count % int(1 / fraction) == 0:
                    lines[i] = line.rstrip("\n") + " Revised after consultation.\n"
        file.write_text("".join(lines), encoding="utf-8")
    return dest


def bench_size(n: int, repeat: int, work: Path, linkml_timeout: float,
               skip: frozenset[str] = frozenset()) -> dict[str, dict[str, float]]:
    out = work / f"n{n}"
    if not (out / "framework" / "framework.yaml").exists():
        generate.write(n, out)
    folder = out / "framework"
    changed = out / "changed"
    if not changed.exists():
        perturb(folder, changed / "framework")
    ahpfw = [PY, "-m", "ahpfw"]
    results: dict[str, dict[str, float]] = {}
    results["floor"] = median_of([PY, str(HERE / "floor.py"), str(folder)], repeat)
    results["validate"] = median_of([*ahpfw, "validate", "-q", "--no-cache", str(folder)], repeat)
    if "incremental" not in skip:
        results.update(bench_incremental(folder, repeat))
    linkml = shutil.which("linkml-validate") or str(Path(PY).with_name("linkml-validate"))
    try:
        if "linkml-validate" in skip:
            raise TimeoutError("skipped")
        results["linkml-validate"] = median_of(
            [linkml, "-s", str(REPO / "schema" / "ahpfw.yaml"), "-C", "Framework", str(out / "single.yaml")],
            1 if n > 10000 else repeat, timeout=linkml_timeout)
    except TimeoutError:
        results["linkml-validate"] = {"seconds": float("nan"), "peak_mib": float("nan"),
                                      "timeout": linkml_timeout}
    if has_command("diff") and "diff" not in skip:
        results["parse2"] = median_of([PY, str(HERE / "floor.py"), str(folder), str(changed / "framework")], repeat)
        results["diff"] = median_of([*ahpfw, "diff", "-q", "--no-cache", str(folder), str(changed / "framework")],
                                    repeat, ok=(0, 1))
    if has_command("build") and "build" not in skip:
        target = Path(tempfile.mkdtemp(prefix="build-", dir=work))  # beside the data: --work decides the disk
        build = [*ahpfw, "build", "-q", str(folder), "--out", str(target / "exports")]
        try:
            results["build"] = median_of([*build, "--no-cache"], 1 if n > 10000 else repeat)
            measure([*ahpfw, "validate", "-q", str(folder)])  # fills the reading cache
            results["build-warm"] = median_of(build, 1 if n > 10000 else repeat)
        finally:
            shutil.rmtree(target, ignore_errors=True)
    return results


def bench_incremental(folder: Path, repeat: int) -> dict[str, dict[str, float]]:
    """``ahpfw validate`` with the reading cache: empty (each run starts from none), warm, and warm
    but for one domain file edited since (each run edits it anew, with text no earlier run wrote, so
    that no entry from an earlier benchmark can match it)."""
    argv = [PY, "-m", "ahpfw", "validate", "-q", str(folder)]
    cache = folder.parent / ".ahpfw_cache"
    fill = []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        fill.append(measure(argv))
    warm = [measure(argv) for _ in range(repeat)]
    domains = sorted((folder / "domains").glob("*.yaml"))
    edited = domains[len(domains) // 2]
    original = edited.read_bytes()
    one_changed = []
    try:
        for _ in range(repeat):
            text = original.decode("utf-8")
            # unique each run, in letters: a digit in drafted text would need a figure_source (AHP041)
            mark = str(time.time_ns()).translate(str.maketrans("0123456789", "abcdefghij"))
            edited.write_text(text.replace("  statement: ", f"  statement: Revised ({mark}). ", 1), encoding="utf-8")
            one_changed.append(measure(argv))
    finally:
        edited.write_bytes(original)
    return {"validate-fill": summary(fill), "validate-warm": summary(warm),
            "validate-one-changed": summary(one_changed)}


def bench_cold(repeat: int) -> dict[str, dict[str, float]]:
    elsewhere = Path(tempfile.mkdtemp(prefix="ahpfw-bench-cold-"))
    try:
        beside = Path(PY).with_name("ahpfw")  # this Python's own script, not whichever is first on PATH
        script = str(beside) if beside.is_file() else shutil.which("ahpfw") or "ahpfw"
        runs = {
            "python -c pass": [PY, "-c", "pass"],
            "import ahpfw": [PY, "-c", "import ahpfw"],
            "ahpfw --version": [script, "--version"],
            "ahpfw validate": [script, "validate", "-q", "--no-cache"],  # as installed: no cache for shipped data
        }
        compiled = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        for argv in runs.values():  # byte code written once, as pip install does; then read by every run
            measure(argv, cwd=elsewhere, env=compiled)
        return {name: median_of(argv, max(repeat, 7), cwd=elsewhere, env=compiled) for name, argv in runs.items()}
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)


def ratio(a: dict[str, float] | None, b: dict[str, float] | None) -> float:
    if not a or not b or not b["seconds"] or b["seconds"] != b["seconds"]:
        return float("nan")
    return a["seconds"] / b["seconds"]


def report(sizes: dict[int, dict], cold: dict[str, dict[str, float]]) -> str:
    lines = ["| capabilities | floor s | validate s | validate / floor | linkml-validate s | linkml / validate "
             "| validate peak MiB | diff s | diff / parse both | build s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, r in sizes.items():
        get = lambda k, r=r: r.get(k, {}).get("seconds", float("nan"))  # noqa: E731
        lines.append(f"| {n:,} | {get('floor'):.2f} | {get('validate'):.2f} | "
                     f"{ratio(r.get('validate'), r.get('floor')):.2f} | {get('linkml-validate'):.2f} | "
                     f"{ratio(r.get('linkml-validate'), r.get('validate')):.1f} | "
                     f"{r['validate']['peak_mib']:.0f} | {get('diff'):.2f} | "
                     f"{ratio(r.get('diff'), r.get('parse2')):.2f} | {get('build'):.2f} |")
    if any("validate-warm" in r for r in sizes.values()):
        lines.append("\n| capabilities | floor s | no cache s | cache empty s | warm s | warm / floor "
                     "| one file changed s | one changed / floor | linkml-validate s |\n"
                     "|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n, r in sizes.items():
            get = lambda k, r=r: r.get(k, {}).get("seconds", float("nan"))  # noqa: E731
            lines.append(f"| {n:,} | {get('floor'):.2f} | {get('validate'):.2f} | {get('validate-fill'):.2f} | "
                         f"{get('validate-warm'):.2f} | {ratio(r.get('validate-warm'), r.get('floor')):.2f} | "
                         f"{get('validate-one-changed'):.2f} | "
                         f"{ratio(r.get('validate-one-changed'), r.get('floor')):.2f} | {get('linkml-validate'):.2f} |")
    ns = sorted(sizes)
    for small, big in zip(ns, ns[1:], strict=False):
        factor = big / small
        growth = ", ".join(f"{k} x{ratio(sizes[big].get(k), sizes[small].get(k)):.1f}"
                           for k in ("validate", "diff", "build") if k in sizes[big])
        lines.append(f"\nGrowth from {small:,} to {big:,} ({factor:.0f}x the data): {growth}")
    lines.append("\n| capabilities | CPU s: floor | validate | linkml-validate | linkml / validate | diff "
                 "| build | build, cache warm |\n|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, r in sizes.items():
        cpu = {k: r.get(k, {}).get("cpu_seconds", float("nan"))
               for k in ("floor", "validate", "linkml-validate", "diff", "build", "build-warm")}
        lines.append(f"| {n:,} | {cpu['floor']:.2f} | {cpu['validate']:.2f} | {cpu['linkml-validate']:.2f} | "
                     f"{cpu['linkml-validate'] / cpu['validate']:.1f} | {cpu['diff']:.2f} | {cpu['build']:.2f} | "
                     f"{cpu['build-warm']:.2f} |")
    base = cold["python -c pass"]["seconds"]
    cpu_base = cold["python -c pass"]["cpu_seconds"]
    lines.append("\n| cold start | seconds | more than python -c pass | CPU s | more |\n|---|---:|---:|---:|---:|")
    for name, r in cold.items():
        lines.append(f"| {name} | {r['seconds']:.3f} | {r['seconds'] - base:+.3f} | {r['cpu_seconds']:.3f} | "
                     f"{r['cpu_seconds'] - cpu_base:+.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of capabilities")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "ahpfw-bench",
                        help="where generated frameworks are kept between runs")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--linkml-timeout", type=float, default=1800)
    parser.add_argument("--skip", default="", help="comma-separated measurements to leave out: "
                        "linkml-validate, incremental, diff, build")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    args.work.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in sizes:
        print(f"benchmarking {n:,} capabilities...", file=sys.stderr, flush=True)
        results[n] = bench_size(n, args.repeat, args.work, args.linkml_timeout,
                                frozenset(filter(None, args.skip.split(","))))
    cold = bench_cold(args.repeat)
    print(report(results, cold))
    if args.json:
        machine = {"date": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
                   "machine": platform.machine(), "cpus": os.cpu_count(), "platform": platform.platform()}
        args.json.write_text(json.dumps({"machine": machine, "sizes": results, "cold": cold}, indent=2) + "\n")


if __name__ == "__main__":
    main()
