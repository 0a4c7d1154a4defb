"""The dependency rule: ui -> (importing, export) -> services -> models.

PySide6 only under app/ui; sqlalchemy only in app/models, app/services, app/db.py and the migrations; the
ORM's model classes (app.models other than app.models.enums) only in app/models and app/services, so every
write and every query goes through a service.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                pkg = path.relative_to(APP.parent).with_suffix("").parts[:-node.level]
                base = ".".join(pkg)
                names.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.add(node.module)
    return names


def _files():
    return [p for p in APP.rglob("*.py")]


def _rel(p: Path) -> str:
    return p.relative_to(APP).as_posix()


def test_pyside6_only_in_ui():
    offenders = [(_rel(p), n) for p in _files() if not _rel(p).startswith("ui/")
                 for n in _imports(p) if n.split(".")[0] in {"PySide6", "shiboken6"}]
    assert offenders == []


def test_sqlalchemy_only_in_models_services_and_db():
    allowed = ("models/", "services/", "migrations/", "db.py")
    offenders = [(_rel(p), n) for p in _files() if not _rel(p).startswith(allowed)
                 for n in _imports(p) if n.split(".")[0] in {"sqlalchemy", "alembic"}]
    assert offenders == []


def test_lower_layers_never_import_upper_ones():
    order = {"models": 0, "services": 1, "importing": 2, "export": 2, "ui": 3}
    offenders = []
    for p in _files():
        layer = _rel(p).split("/")[0]
        if layer not in order:
            continue
        for n in _imports(p):
            parts = n.split(".")
            if parts[0] == "app" and len(parts) > 1 and parts[1] in order and order[parts[1]] > order[layer]:
                offenders.append((_rel(p), n))
            if parts[0] == "app" and len(parts) > 1 and layer in ("importing", "export") and \
                    parts[1] in ("importing", "export") and parts[1] != layer:
                offenders.append((_rel(p), n))
    assert offenders == []


def test_the_rule_checker_sees_violations(tmp_path):
    """Guard against a checker that cannot fail: it must parse a Qt import in a non-ui module."""
    bad = APP / "services" / "_probe_for_layering_test.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy\n", encoding="utf-8")
    try:
        assert "PySide6.QtCore" in _imports(bad)
        assert any(_rel(p) == "services/_probe_for_layering_test.py" for p in _files())
    finally:
        bad.unlink()


def _model_imports(path: Path) -> list[str]:
    """The ORM names a module imports: `app.models.X` modules other than enums, and names taken from
    app.models other than `enums` (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names
                      if a.name == "app.models" or (a.name.startswith("app.models.") and a.name != "app.models.enums")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pkg = path.relative_to(APP.parent).with_suffix("").parts[:-node.level]
                module = ".".join(pkg) + (f".{node.module}" if node.module else "")
            else:
                module = node.module or ""
            if module == "app":
                found += [f"app.{a.name}" for a in node.names if a.name == "models"]
            elif module == "app.models":
                found += [f"app.models.{a.name}" for a in node.names if a.name != "enums"]
            elif module.startswith("app.models.") and module != "app.models.enums":
                found += [f"{module}.{a.name}" for a in node.names]
    return found


# the migrations' environment needs the metadata (Base) to compare and autogenerate
_MODELS_ALLOWED = ("models/", "services/", "migrations/")


def _model_offenders():
    return [(_rel(p), n) for p in _files() if not _rel(p).startswith(_MODELS_ALLOWED) for n in _model_imports(p)]


def test_orm_models_only_in_models_and_services():
    assert _model_offenders() == []


def test_the_model_rule_fails_on_a_probe(tmp_path):
    """The check must catch app.models.Member imported from app/importing or app/ui, in any spelling, and let
    the enums through."""
    probes = {
        APP / "importing" / "_probe_models_a.py": "from app.models import Member\n",
        APP / "ui" / "_probe_models_b.py": "from ..models import Member, enums\nfrom app.models.member import MemberEvent\n",
        APP / "ui" / "_probe_models_c.py": "import app.models\nfrom app.models.enums import Gender\nfrom app.models import enums\n",
    }
    try:
        for path, text in probes.items():
            path.write_text(text, encoding="utf-8")
        offenders = sorted(_model_offenders())
        assert offenders == [("importing/_probe_models_a.py", "app.models.Member"),
                             ("ui/_probe_models_b.py", "app.models.Member"),
                             ("ui/_probe_models_b.py", "app.models.member.MemberEvent"),
                             ("ui/_probe_models_c.py", "app.models")]
    finally:
        for path in probes:
            path.unlink(missing_ok=True)


_WORKER_NAMES = {"QRunnable", "QThreadPool", "QThread", "Thread", "ThreadPoolExecutor"}


def _worker_offenders(root: Path, allowed: set[str]) -> list[tuple[str, str]]:
    """Files under root/ui that name a thread or worker class themselves (app/ui/ops.py is the one runner)."""
    out = []
    for p in (root / "ui").rglob("*.py"):
        rel = p.relative_to(root).as_posix()
        if rel in allowed:
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if name in _WORKER_NAMES:
                out.append((rel, name))
    return sorted(set(out))


# the start-up threads run before any tab exists: main_window's imports then the start-up checks (their
# questions asked on the UI thread), and early_check's quick_check of the file beside them (sqlite3 only)
_OWN_THREADS = {"ui/ops.py", "ui/main_window.py", "ui/early_check.py"}


def test_work_off_the_ui_thread_goes_through_ops():
    """Issue 9: one operation runner for the window; a fourth worker system in a tab fails here."""
    assert _worker_offenders(APP, _OWN_THREADS) == []


def test_the_worker_rule_fails_on_a_probe(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "tab.py").write_text("from PySide6.QtCore import QRunnable\nclass Job(QRunnable): pass\n",
                                            encoding="utf-8")
    assert _worker_offenders(tmp_path, _OWN_THREADS) == [("ui/tab.py", "QRunnable")]
