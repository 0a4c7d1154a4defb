"""Issue 17: hundreds of broken and hostile files through `python -m app import`, dry run and real.

For every file: no traceback; exit status 0 or 1; with --json, standard output is one JSON document; the
database unchanged when the import is refused or only previewed; within 30 s. The bombs run one per
process and must be refused within bounded memory (peak RSS of the child ≤ 300 MB, read with os.wait4).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .corpus import make_corpus

ROOT = Path(__file__).resolve().parents[2]
RSS_LIMIT_KIB = 300 * 1024
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, request):
    from tests.conftest import SHARED

    folder = tmp_path_factory.mktemp("corpus")
    cases = make_corpus(folder / "files", SHARED / "samples")
    template = folder / "template.sqlite3"
    env = dict(os.environ, DANGVU_DATA_DIR=str(folder / "userdata"))
    subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(template), "--members", "40", "--quiet"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return folder, cases, template


def test_the_corpus_is_large_and_varied(corpus):
    _folder, cases, _template = corpus
    families = {c.family for c in cases}
    assert len(cases) >= 300, len(cases)
    assert {"truncated", "random", "bitflip", "badxml", "renamed", "password", "bomb", "formula", "date",
            "hostile", "duplicates", "layout", "csv"} <= families


def _check(result: dict, problems: list[str]) -> None:
    where = f"{result['file']} ({'xem trước' if result['dry'] else 'nhập'})"
    if result["traceback"]:
        problems.append(f"{where}: traceback\n{result['traceback'][-1500:]}")
        return
    if result["code"] not in (0, 1):
        problems.append(f"{where}: exit status {result['code']}; stderr: {result['stderr'][-300:]}")
    try:
        doc = json.loads(result["stdout"])
    except ValueError:
        problems.append(f"{where}: stdout is not one JSON document: {result['stdout'][:300]!r}")
        return
    if result["code"] == 1:
        messages = [p.get("message", "") for p in doc.get("problems", [])] + [doc.get("error", "")]
        if not any(m and any(ch in m for ch in "àáảãạăâđêôơưệếềểễịọốồổỗộớờởỡợụứừửữựỳýỷỹỵ") for m in messages):
            problems.append(f"{where}: refused without a Vietnamese message: {result['stdout'][:300]}")
    if (result["dry"] or result["code"] != 0) and result["changed"]:
        problems.append(f"{where}: the database changed (exit {result['code']})")
    if result["seconds"] > 30:
        problems.append(f"{where}: took {result['seconds']} s")


BATCH = 20   # files per child: a child's peak RSS then speaks of a few files, not of everything run before


def _run_batches(files: list[str], template: Path, tmp_path: Path) -> tuple[list[dict], list[str]]:
    """Two children at a time (the machine's two cores), each running BATCH files in-process."""
    batches = [files[i:i + BATCH] for i in range(0, len(files), BATCH)]
    results: list[dict] = []
    problems: list[str] = []
    running: list[subprocess.Popen] = []

    def collect(proc: subprocess.Popen) -> None:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err[-3000:]
        for line in out.splitlines():
            try:
                results.append(json.loads(line))
            except ValueError:
                problems.append(f"stray output on standard output: {line[:200]!r}")

    for i, batch in enumerate(batches):
        if len(running) == 2:
            collect(running.pop(0))
        running.append(subprocess.Popen([sys.executable, str(Path(__file__).with_name("run_batch.py")),
                                         str(template), str(tmp_path / f"work{i}"), *batch], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=dict(os.environ, DANGVU_DATA_DIR=str(tmp_path / f"userdata{i}"))))
    for proc in running:
        collect(proc)
    return results, problems


def test_every_file_gets_a_message_never_a_traceback(corpus, tmp_path):
    folder, cases, template = corpus
    files = [str(c.path) for c in cases if not c.bomb]
    results, problems = _run_batches(files, template, tmp_path)
    assert len(results) == 2 * len(files)
    for result in results:
        _check(result, problems)
    peak = max(results, key=lambda r: r["maxrss_kib"])
    print(f"{len(files)} files, {len(results)} runs, peak RSS {peak['maxrss_kib'] // 1024} MiB (by "
          f"{peak['file']}), slowest {max(r['seconds'] for r in results):.2f} s")
    too_big = [f"{r['file']}: {r['maxrss_kib'] // 1024} MiB" for r in results if r["maxrss_kib"] > RSS_LIMIT_KIB]
    assert not too_big, "peak RSS over 300 MB: " + ", ".join(too_big[:10])
    assert not problems, "\n".join(problems[:40]) + f"\n… {len(problems)} problems in all"


REAPER = """
import os, resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # a runaway child must not take the machine
proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
print(usage.ru_maxrss, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_bombs_are_refused_in_bounded_memory_and_time(corpus, tmp_path):
    import shutil

    from .run_batch import db_digest

    _folder, cases, template = corpus
    bombs = [c for c in cases if c.bomb]
    assert len(bombs) >= 6
    problems = []
    for case in bombs:
        db = tmp_path / f"{case.path.stem}.sqlite3"
        shutil.copyfile(template, db)
        before = db_digest(db)
        for extra in (["--dry-run"], []):
            env = dict(os.environ, DANGVU_DATA_DIR=str(tmp_path / "userdata"))
            started = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", REAPER, sys.executable, "-m", "app", "import",
                                   str(case.path), "--db", str(db), "--json", "--as-of", "2025-12-31", *extra],
                                  cwd=ROOT, env=env, capture_output=True, timeout=120)
            seconds = time.perf_counter() - started
            err = proc.stderr.decode(errors="replace").strip().splitlines()
            rss_kib = int(err[-1]) if err and err[-1].isdigit() else -1
            where = f"{case.path.name} {' '.join(extra)}"
            print(f"{where}: exit {proc.returncode}, {seconds:.1f} s, peak RSS {rss_kib // 1024} MiB")
            if proc.returncode != 1:
                problems.append(f"{where}: exit {proc.returncode} (expected a refusal); {err[-5:]}")
            if rss_kib < 0 or rss_kib > RSS_LIMIT_KIB:
                problems.append(f"{where}: peak RSS {rss_kib // 1024} MiB")
            if seconds > 30:
                problems.append(f"{where}: {seconds:.1f} s")
            try:
                doc = json.loads(proc.stdout.decode())
                assert doc.get("problems") or doc.get("error")
            except (ValueError, AssertionError):
                problems.append(f"{where}: no JSON message: {proc.stdout[:300]!r}")
        if db_digest(db) != before:
            problems.append(f"{case.path.name}: the database changed")
    assert not problems, "\n".join(problems)
