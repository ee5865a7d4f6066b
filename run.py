"""The two commands of the README, for a fresh machine with only Python installed.

    python run.py app     set everything up, create the demo database, open the application
    python run.py test    set everything up, run lint, layer rules and the whole test suite

(``python run.py test-pg`` runs the test suite again on a throwaway PostgreSQL server: it needs the
PostgreSQL server programs, e.g. the Debian package ``postgresql``; see the README.)

It creates ``.venv`` beside this file, installs the project into it (again only when
pyproject.toml changed) and re-runs itself inside it. Works the same on Windows and Linux.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
LINTED = ("centre_app", "tests", "benchmarks", "i18n", "run.py")


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    py = venv_python()
    if not py.exists():
        print("Création de l'environnement Python (.venv)…", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Installation des dépendances (une seule fois)…", flush=True)
        subprocess.check_call([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        subprocess.check_call([str(py), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"])
        STAMP.write_text(wanted)
    return py


def in_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def run_app(py: Path, extra: list[str]) -> int:
    code = "import sys; from centre_app.cli import demo_and_open; sys.exit(demo_and_open(sys.argv[1:]))"
    return subprocess.call([str(py), "-c", code, *extra], cwd=ROOT)


def run_tests(py: Path, extra: list[str], *, postgresql: bool = False) -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if postgresql:  # lint and layers were checked by `test`; the suite again, on a PostgreSQL server
        print("== pytest --postgresql", flush=True)
        return subprocess.call([str(py), "-m", "pytest", "--postgresql", *extra], cwd=ROOT, env=env)
    steps = [
        ("ruff", [str(py), "-m", "ruff", "check", *[p for p in LINTED if (ROOT / p).exists()]]),
        (
            "import-linter",
            [str(py), "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"],
        ),
        ("pytest", [str(py), "-m", "pytest", *extra]),
    ]
    for name, cmd in steps:
        print(f"== {name}", flush=True)
        rc = subprocess.call(cmd, cwd=ROOT, env=env)
        if rc != 0:
            print(f"== {name} a échoué (code {rc})", flush=True)
            return rc
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test", "test-pg"):
        print(__doc__)
        return 2
    py = ensure_venv()
    if argv[0] == "app":
        return run_app(py, argv[1:])
    return run_tests(py, argv[1:], postgresql=argv[0] == "test-pg")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
