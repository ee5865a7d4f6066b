"""Smoke test of the built bundle (Windows or Linux): does the office's copy really work on its own?

    python packaging/smoke_test.py [--bundle dist/centre-app] [--timing 5] [--keep]

Runs the bundled programs in a temporary folder, outside the source tree:
  1. ``centre-app-cli --version`` prints the version of the sources;
  2. ``demo`` creates a demo database (migrations found inside the bundle, the whole domain layer);
  3. ``check`` finds no defect;
  4. ``print receipt`` writes a PDF of a real receipt (reportlab, embedded DejaVu fonts);
  5. ``backup`` writes a verified backup;
  6. the GUI (``centre-app``, Qt offscreen) logs in as ``admin`` and reaches its main window, with Qt's
     French translation, the image formats, the About dialog and its licences, a PDF opened with QtPdf and
     a page printed through QtPrintSupport (packaging/smoke_hook.py reports them).
Then, with ``--timing N``: the bundle's size, and its start time against the sources (median of N runs,
after one warm-up): ``--version`` and the GUI up to its main window. Writes ``smoke-report.json`` beside the
bundle. Exit code 0 when every check passes. Uses only the standard library (runs with any Python 3.11).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOOK = Path(__file__).resolve().parent / "smoke_hook.py"
EXE = ".exe" if os.name == "nt" else ""
DEMO_UNTIL = "2026-11-01"
LOGIN = "admin:demo1234"
SOURCE_BOOT = (
    "import runpy, sys; runpy.run_path(sys.argv.pop(1)); sys.argv[0] = 'centre-app'; "
    "from centre_app.cli import main; main()"
)
REQUIRED_IMAGE_FORMATS = ("png", "jpg", "ico", "svg", "bmp")
REQUIRED_COMPONENTS = ("PySide6", "SQLAlchemy", "alembic", "reportlab", "babel", "openpyxl")


def source_version() -> str:
    text = (ROOT / "centre_app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if found is None:
        raise SystemExit("centre_app/__init__.py sans __version__")
    return found.group(1)


class SmokeFailure(Exception):
    """A check of the smoke test failed (plain exceptions, not asserts: they survive ``python -O``)."""


def expect(condition: object, detail: str) -> None:
    if not condition:
        raise SmokeFailure(detail)


class Smoke:
    def __init__(self, bundle: Path, work: Path) -> None:
        self.bundle = bundle
        self.work = work
        self.gui = bundle / f"centre-app{EXE}"
        self.cli = bundle / f"centre-app-cli{EXE}"
        self.results: list[dict[str, object]] = []
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        for name in ("PYTHONPATH", "PYTHONHOME"):
            self.env.pop(name, None)  # the bundle must not lean on the developer's Python

    def run(self, cmd: Sequence[str], timeout: float = 600, env: dict[str, str] | None = None) -> tuple[int, str]:
        done = subprocess.run(
            list(cmd),
            cwd=self.work,  # not the source tree: nothing may be found there by accident
            env=env or self.env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        text = (done.stdout + done.stderr).decode("utf-8", errors="replace")
        return done.returncode, text

    def step(self, name: str, fn: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail, ok = fn(), True
        except SmokeFailure as error:
            detail, ok = str(error), False
        except subprocess.TimeoutExpired as error:
            detail, ok = f"délai dépassé ({error.timeout} s)", False
        except Exception as error:  # a broken step is a failed step, and the others still run
            detail, ok = f"{type(error).__name__} : {error}", False
        seconds = time.perf_counter() - started
        self.results.append({"step": name, "ok": ok, "seconds": round(seconds, 2), "detail": detail})
        print(f"  [{'OK' if ok else 'ÉCHEC'}] {name} ({seconds:.1f} s) — {detail}", flush=True)
        return ok

    # --- the steps -------------------------------------------------------------------------------------------

    def version(self) -> str:
        rc, out = self.run([str(self.cli), "--version"])
        wanted = f"centre-app {source_version()}"
        expect(rc == 0 and wanted in out, f"code {rc}, sortie {out.strip()!r}, attendu {wanted!r}")
        return out.strip()

    def demo(self) -> str:
        rc, out = self.run([str(self.cli), "demo", "--db", str(self.db), "--until", DEMO_UNTIL])
        expect(rc == 0 and self.db.exists(), f"code {rc}: {out.strip()[-400:]}")
        return next((line for line in out.splitlines() if "créée" in line), out.strip()[-200:])

    def check(self) -> str:
        rc, out = self.run([str(self.cli), "check", "--db", str(self.db)])
        expect(rc == 0, f"code {rc}: {out.strip()[-400:]}")
        return out.strip()

    def print_receipt(self) -> str:
        with sqlite3.connect(self.db) as conn:
            row = conn.execute("SELECT number FROM payments WHERE number LIKE 'REC-%' ORDER BY id LIMIT 1").fetchone()
        expect(row is not None, "aucun reçu dans la base de démonstration")
        rc, out = self.run([str(self.cli), "print", "receipt", row[0], "--db", str(self.db), "--out", str(self.pdf)])
        expect(rc == 0, f"code {rc}: {out.strip()[-400:]}")
        data = self.pdf.read_bytes()
        expect(data.startswith(b"%PDF") and len(data) > 2000, f"PDF invalide ({len(data)} octets)")
        expect(b"DejaVu" in data, "la police DejaVu n'est pas incorporée au PDF")
        return f"{row[0]} → {self.pdf.name} ({len(data)} octets)"

    def backup(self) -> str:
        folder = self.work / "sauvegardes"
        folder.mkdir()  # the USB key is plugged in
        rc, out = self.run([str(self.cli), "backup", "--db", str(self.db), "--to", str(folder)])
        zips = list(folder.glob("*.zip"))
        expect(rc == 0 and len(zips) == 1, f"code {rc}: {out.strip()[-400:]}")
        return f"{zips[0].name} ({zips[0].stat().st_size} octets)"

    def gui_command(self, source: bool) -> list[str]:
        if source:
            return [sys.executable, "-c", SOURCE_BOOT, str(HOOK), "--db", str(self.db)]
        return [str(self.gui), "--db", str(self.db)]

    def start_gui(self, report: Path, source: bool = False) -> tuple[float, dict[str, object], int, str]:
        """Start the GUI to its main window; returns (seconds from launch to window shown, report, code, output)."""
        report.unlink(missing_ok=True)
        env = dict(self.env, CENTRE_APP_SMOKE_REPORT=str(report), CENTRE_APP_SMOKE_LOGIN=LOGIN)
        if self.pdf.exists():
            env["CENTRE_APP_SMOKE_PDF"] = str(self.pdf)
        if source:
            env["PYTHONPATH"] = str(ROOT)
        launched = time.time()
        rc, out = self.run(self.gui_command(source), timeout=300, env=env)
        data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
        shown = data.get("shown_at")
        return (float(shown) - launched if isinstance(shown, float) else float("nan")), data, rc, out

    def interface(self) -> str:
        report = self.work / "gui.json"
        seconds, data, rc, out = self.start_gui(report)
        expect(data, f"aucun rapport (code {rc}) : {out.strip()[-600:]}")
        expect("error" not in data, f"erreur dans l'interface : {data.get('error')}")
        expect("shown_at" in data, f"fenêtre principale jamais affichée : {data}")
        expect(rc == 0, f"code de sortie {rc} : {out.strip()[-400:]}")
        expect(data.get("frozen") is True, "le programme lancé n'est pas celui du paquet")
        expect(source_version() in str(data.get("title")), f"titre sans la version : {data.get('title')!r}")
        areas = data.get("areas") or []
        expect(len(areas) >= 2 and "Caisse" in areas, f"espaces de la fenêtre : {areas}")
        expect(data.get("qt_french") == "Annuler", f"traduction française de Qt absente ({data.get('qt_french')!r})")
        expect(data.get("window_icon") is True, "icône de la fenêtre absente")
        formats = data.get("image_formats") or []
        missing = [f for f in REQUIRED_IMAGE_FORMATS if f not in formats]
        expect(not missing, f"formats d'image absents : {missing}")
        about = data.get("about") or {}
        expect(source_version() in str(about.get("version")), f"À propos sans la version : {about}")
        expect(str(self.db) in str(about.get("database")), f"À propos sans le chemin de la base : {about}")
        names = " ".join(about.get("components") or [])
        absent = [c for c in REQUIRED_COMPONENTS if c not in names]
        expect(not absent, f"licences absentes de « À propos » (métadonnées non copiées ?) : {absent}")
        pdf = data.get("pdf") or {}
        expect(pdf.get("pages", 0) >= 1 and pdf.get("rendered"), f"QtPdf n'a pas ouvert le reçu : {pdf}")
        expect(int(data.get("printer_pdf_bytes") or 0) > 500, "QtPrintSupport n'a rien imprimé")
        blocking = [m for m in data.get("messages") or [] if m.get("kind") in ("critical", "box")]
        expect(not blocking, f"messages d'erreur affichés : {blocking}")
        return (
            f"fenêtre « {data['title']} » en {seconds:.1f} s, {len(areas)} espaces, "
            f"{len(about['components'])} composants dans « À propos », plateforme {data.get('platform')}"
        )

    # --- measures --------------------------------------------------------------------------------------------

    def bundle_size(self) -> dict[str, object]:
        files = [p for p in self.bundle.rglob("*") if p.is_file() and not p.is_symlink()]
        total = sum(p.stat().st_size for p in files)
        return {"files": len(files), "bytes": total, "mib": round(total / 2**20, 1)}

    def timings(self, runs: int) -> dict[str, object]:
        def median_of(fn: Callable[[], float]) -> dict[str, object]:
            fn()  # warm-up: the files in the system cache, as on an office PC started this morning
            values = [fn() for _ in range(runs)]
            return {"median_s": round(statistics.median(values), 3), "runs_s": [round(v, 3) for v in values]}

        def cli_version(source: bool) -> Callable[[], float]:
            cmd = [sys.executable, "-m", "centre_app", "--version"] if source else [str(self.cli), "--version"]
            env = dict(self.env, PYTHONPATH=str(ROOT)) if source else self.env

            def once() -> float:
                started = time.perf_counter()
                rc, out = self.run(cmd, env=env)
                expect(rc == 0, out)
                return time.perf_counter() - started

            return once

        def gui_start(source: bool) -> Callable[[], float]:
            def once() -> float:
                seconds, data, rc, out = self.start_gui(self.work / "timing.json", source)
                expect(rc == 0 and "shown_at" in data, f"code {rc}: {out[-400:]} {data}")
                return seconds

            return once

        print(f"  mesure des temps de démarrage (médiane de {runs}, après un premier lancement)…", flush=True)
        return {
            "version_bundle": median_of(cli_version(False)),
            "version_source": median_of(cli_version(True)),
            "gui_bundle": median_of(gui_start(False)),
            "gui_source": median_of(gui_start(True)),
        }

    @property
    def db(self) -> Path:
        return self.work / "essai.db"

    @property
    def pdf(self) -> Path:
        return self.work / "recu.pdf"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Essai du paquet construit par PyInstaller")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "centre-app", help="dossier du paquet")
    parser.add_argument("--timing", type=int, default=0, help="mesurer les temps de démarrage (N lancements)")
    parser.add_argument("--keep", action="store_true", help="garder le dossier d'essai (captures, rapports)")
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    if not (bundle / f"centre-app-cli{EXE}").exists():
        print(f"Paquet introuvable : {bundle} (lancez d'abord python packaging/build.py)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="centre-app-essai-"))
    smoke = Smoke(bundle, work)
    print(f"Essai du paquet {bundle} (dossier d'essai {work})", flush=True)
    ok = True
    for name, fn in (
        ("--version", smoke.version),
        ("demo", smoke.demo),
        ("check", smoke.check),
        ("print receipt", smoke.print_receipt),
        ("backup", smoke.backup),
        ("interface jusqu'à la fenêtre principale", smoke.interface),
    ):
        ok = smoke.step(name, fn) and ok
        if not ok and name in ("--version", "demo"):
            break  # nothing else can work
    report: dict[str, object] = {"ok": ok, "bundle": str(bundle), "steps": smoke.results, "size": smoke.bundle_size()}
    print(f"  taille du paquet : {report['size']['mib']} Mio, {report['size']['files']} fichiers")  # type: ignore[index]
    if ok and args.timing > 0:
        report["timings"] = smoke.timings(args.timing)
        for key, value in report["timings"].items():  # type: ignore[union-attr]
            print(f"  {key:16} médiane {value['median_s']:.2f} s  {value['runs_s']}")
    (bundle.parent / "smoke-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    if args.keep:
        print(f"Dossier d'essai gardé : {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("Essai réussi." if ok else "Essai ÉCHOUÉ.", flush=True)
    passed = sum(1 for r in smoke.results if r["ok"])
    print(f"{passed} passed, {len(smoke.results) - passed} failed", flush=True)  # the line CI reads
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
