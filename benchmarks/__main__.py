"""Run every benchmark and write one summary: `python -m benchmarks [--quick] [NAME...]`.

Each `benchmarks/<name>.py` runs alone in its own process (`python -m
benchmarks.<name>`), so one benchmark's imports, threads or embedded database
never colour another's figures, and one that fails does not stop the rest. The
results it wrote (`results/<name>.json`) are gathered into
`results/summary.json` and `results/summary.md`: one row per figure with its
reference and the ratio, all measured in this run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    QUICK_ENV,
    REPO_ROOT,
    RESULTS_DIR,
    SERVER_ENV,
    machine,
    postgres_server,
)

NOT_BENCHMARKS = frozenset({"__init__", "__main__", "common"})
DEFAULT_TIMEOUT_SECONDS = 3600

# Scripts that take their own arguments: the invocations that measure a figure and
# its reference in one run (extraction: the trained model, then the rules alone).
INVOCATIONS: dict[str, list[list[str]]] = {"extraction": [["--rules-only"], []]}
QUICK_ARGUMENTS: dict[str, list[str]] = {
    "extraction": ["--limit", "300"],
    "pipeline": ["--copies", "1", "--limit", "200"],
    "api": ["--seconds", "5", "--warmup", "1", "--workers", "1"],
    "review_queue": ["--claims", "500", "--threads", "1", "4"],
}
# How scripts that predate `benchmarks.common` are told which PostgreSQL server to use.
SERVER_ARGUMENT = {"api": "--server", "pipeline": "--server-url"}


def available() -> list[str]:
    """Benchmark modules in benchmarks/, in name order (helpers start with an underscore)."""
    folder = Path(__file__).resolve().parent
    return sorted(
        path.stem
        for path in folder.glob("*.py")
        if path.stem not in NOT_BENCHMARKS and not path.stem.startswith("_")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, same code paths")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, help="seconds per benchmark"
    )
    args = parser.parse_args(argv)
    names = available()
    if args.list:
        print("\n".join(names))
        return 0
    unknown = sorted(set(args.names) - set(names))
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)} (available: {', '.join(names)})")
    chosen = args.names or names

    # One PostgreSQL server for every benchmark (each makes its own database on it):
    # CLAIMTRACK_BENCH_SERVER_URL, else an embedded one for the length of the run.
    with postgres_server() as server:
        runs = {
            name: run_one(name, quick=args.quick, timeout=args.timeout, server=server)
            for name in chosen
        }
    summary = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine(),
        "benchmarks": runs,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (RESULTS_DIR / "summary.md").write_text(render_markdown(summary), encoding="utf-8")
    print(render_markdown(summary))
    print(f"wrote {(RESULTS_DIR / 'summary.md').relative_to(REPO_ROOT)} and summary.json")
    failed = [name for name, run in runs.items() if run["status"] != "ok"]
    if failed:
        print(f"benchmarks that failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def run_one(name: str, *, quick: bool, timeout: float, server: str) -> dict[str, Any]:
    """Run one benchmark in its own process(es) and collect the result it wrote."""
    result_path = RESULTS_DIR / f"{name}.json"
    started = time.time()
    environment = dict(os.environ, **{SERVER_ENV: server})
    extra = list(QUICK_ARGUMENTS.get(name, [])) if quick else []
    if quick:
        environment[QUICK_ENV] = "1"
    if name in SERVER_ARGUMENT:
        extra += [SERVER_ARGUMENT[name], server]
    for arguments in INVOCATIONS.get(name, [[]]):
        command = [sys.executable, "-m", f"benchmarks.{name}", *arguments, *extra]
        print(f"== {name} {' '.join(arguments)}".rstrip(), flush=True)
        try:
            completed = subprocess.run(
                command,
                cwd=REPO_ROOT,
                env=environment,
                timeout=timeout,
                check=False,
                stdout=sys.stdout,
                stderr=subprocess.PIPE,
                text=True,
            )
        except subprocess.TimeoutExpired:
            return _failure(name, started, f"timed out after {timeout:g} s")
        if completed.returncode != 0:
            lines = [line for line in completed.stderr.splitlines() if line.strip()]
            return _failure(
                name, started, f"exit {completed.returncode}: {(lines or ['(none)'])[-1]}"
            )
    seconds = round(time.time() - started, 1)
    # A result left over from an earlier run must not pass for this one.
    if not result_path.exists() or result_path.stat().st_mtime < started:
        return _failure(name, started, f"wrote no {result_path.relative_to(REPO_ROOT)}")
    try:
        result = json.loads(result_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return _failure(name, started, f"{result_path.name} is not JSON: {error}")
    return {"status": "ok", "seconds": seconds, "result": result}


def _failure(name: str, started: float, reason: str) -> dict[str, Any]:
    print(f"{name}: FAILED: {reason}", file=sys.stderr)
    return {"status": "failed", "seconds": round(time.time() - started, 1), "error": reason}


def figures_of(name: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures of a result; a script that wrote other JSON still gets its numbers shown."""
    figures = result.get("figures")
    if isinstance(figures, list):
        return [f for f in figures if isinstance(f, dict) and "value" in f]
    adapter = ADAPTERS.get(name)
    if adapter is not None:
        try:
            adapted = adapter(result)
        except (KeyError, TypeError, ValueError, ZeroDivisionError, StopIteration):
            adapted = []  # the script's format moved on: fall back to its raw numbers
        if adapted:
            return adapted
    return [
        {"name": key, "value": value, "unit": ""}
        for key, value in _numbers(result)
        if key not in {"quick"}
    ]


def _numbers(data: Any, prefix: str = "") -> list[tuple[str, float]]:
    if isinstance(data, bool):
        return []
    if isinstance(data, int | float):
        return [(prefix, data)]
    if isinstance(data, dict):
        found: list[tuple[str, float]] = []
        for key, value in data.items():
            if key in {"machine", "details"}:
                continue
            found.extend(_numbers(value, f"{prefix}.{key}" if prefix else str(key)))
        return found
    return []


def render_markdown(summary: dict[str, Any]) -> str:
    info = summary["machine"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured {summary['generated_at']} on {info['cpus']} CPUs, {info['platform']}, "
        f"Python {info['python']}{' (quick run: smaller inputs)' if summary['quick'] else ''}. "
        "Each reference is measured in the same run, on the same machine and database; "
        "ratio = figure / reference.",
        "",
        "| benchmark | figure | value | reference | reference value | ratio |",
        "|---|---|---:|---|---:|---:|",
    ]
    for name, run in summary["benchmarks"].items():
        if run["status"] != "ok":
            lines.append(f"| {name} | **failed**: {_cell(run['error'])} | | | | |")
            continue
        for figure in figures_of(name, run["result"]):
            unit = figure.get("unit") or ""
            reference_value = figure.get("reference_value")
            ratio = figure.get("ratio")
            if ratio is None and isinstance(reference_value, int | float) and reference_value:
                ratio = figure["value"] / reference_value
            better = "" if figure.get("higher_is_better", True) else " (lower is better)"
            lines.append(
                "| "
                + " | ".join(
                    [
                        name,
                        _cell(str(figure.get("name", ""))) + better,
                        f"{_number(figure['value'])} {unit}".strip(),
                        _cell(str(figure.get("reference_name") or "")),
                        f"{_number(reference_value)} {figure.get('reference_unit') or unit}".strip()
                        if reference_value is not None
                        else "",
                        f"{ratio:.3g}" if isinstance(ratio, int | float) else "",
                    ]
                )
                + " |"
            )
    return "\n".join(lines) + "\n"


# --- scripts with their own result format: their figures, each next to its reference ---------


def _figure(
    name: str,
    value: float,
    unit: str,
    reference_name: str | None = None,
    reference_value: float | None = None,
    reference_unit: str | None = None,
    higher_is_better: bool = True,
) -> dict[str, Any]:
    ratio = value / reference_value if reference_value else None
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "reference_name": reference_name,
        "reference_value": reference_value,
        "reference_unit": reference_unit,
        "higher_is_better": higher_is_better,
        "ratio": ratio,
    }


def _extraction(result: dict[str, Any]) -> list[dict[str, Any]]:
    full, rules = result["full"], result.get("rules_only")
    return [
        _figure(
            f"extraction, {full['articles']:,} BBC articles, one process",
            full["articles_per_second"],
            "articles/s",
            "the same without the trained check-worthiness model" if rules else None,
            rules["articles_per_second"] if rules else None,
        ),
        _figure("extraction, claims found", full["claims_per_second"], "claims/s"),
        _figure(
            "extraction, peak resident memory", full["max_rss_mib"], "MiB", higher_is_better=False
        ),
    ]


def _first_run(result: dict[str, Any], copies: int) -> dict[str, Any] | None:
    return next((r for r in result["pipeline_runs"] if r["copies"] == copies), None)


def _pipeline(result: dict[str, Any]) -> list[dict[str, Any]]:
    pure = result["pure_extraction"]
    articles = result["articles"]
    figures = []
    if "flow_seconds_median" in result:
        figures.append(
            _figure(
                f"pipeline flow (Prefect + PostgreSQL), {articles:,} BBC articles, "
                f"median of {len(pure.get('serial_runs', [1]))}",
                result["flow_seconds_median"],
                "s",
                "pure extraction, one process, median",
                pure["serial_seconds"],
                higher_is_better=False,
            )
        )
    for run in result["pipeline_runs"]:
        if run["copies"] == 1 and run is not _first_run(result, 1):
            continue  # the repeats: their median is the figure above
        copies = run["copies"]
        reference = articles / pure["parallel_seconds"] if copies == 1 else None
        figures.append(
            _figure(
                f"pipeline end to end with start-up, {run['articles_in_input']:,} BBC articles",
                run["articles_per_second"],
                "articles/s",
                f"pure extraction, {pure['parallel_workers']} processes" if reference else None,
                reference,
            )
        )
    first, last = result["pipeline_runs"][0], result["pipeline_runs"][-1]
    if last is not first:
        figures.append(
            _figure(
                f"pipeline peak memory, {last['copies']} copies of the corpus",
                last["peak_rss_mb_flow_process"],
                "MB",
                f"{first['copies']} copy",
                first["peak_rss_mb_flow_process"],
                higher_is_better=False,
            )
        )
    return figures


def _api(result: dict[str, Any]) -> list[dict[str, Any]]:
    pgbench = result["pgbench_single_row_update"]
    figures = []
    for run in result["api"]:
        label = f"API status updates, {run['clients']} clients, {run['uvicorn_workers']} uvicorn worker(s)"
        figures.append(
            _figure(
                label,
                run["updates_per_second"],
                "updates/s",
                f"pgbench single-row UPDATE, {pgbench['clients']} clients",
                pgbench["tps"],
                "TPS",
            )
        )
        for quantile in ("p50", "p99"):
            figures.append(
                _figure(
                    f"{label}: {quantile} latency",
                    run["latency_ms"][quantile],
                    "ms",
                    "pgbench average latency",
                    pgbench["latency_avg_ms"],
                    "ms",
                    higher_is_better=False,
                )
            )
    return figures


def _review_queue(result: dict[str, Any]) -> list[dict[str, Any]]:
    runs = result["runs"]
    single = next(r for r in runs if r["threads"] == 1)
    return [
        _figure(
            f"review queue, {run['threads']} reviewer thread(s) (take + review)",
            run["claims_per_second"],
            "claims/s",
            "1 reviewer thread" if run is not single else None,
            single["claims_per_second"] if run is not single else None,
        )
        for run in runs
    ]


ADAPTERS = {
    "extraction": _extraction,
    "pipeline": _pipeline,
    "api": _api,
    "review_queue": _review_queue,
}


def _number(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


if __name__ == "__main__":
    sys.exit(main())
