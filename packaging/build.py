"""Build the office bundle with PyInstaller, then run its smoke test — on Windows and on Linux.

    python packaging/build.py                 build dist/centre-app/ and test it (packaging/smoke_test.py)
    python packaging/build.py --timing 5      … and measure its start time against the sources (median of 5)
    python packaging/build.py --installer     … then, on Windows, compile the installer with Inno Setup 6:
                                              dist/installer/centre-app-<version>-installation.exe
    python packaging/build.py --no-smoke      build only

From a clean clone, the only requirement is Python 3.11+: like run.py, the script creates the project's
``.venv`` (and installs the project with its dev tools, PyInstaller included) when needed, then runs itself
inside it. No shell is involved, so the same command works in cmd.exe, PowerShell and a Linux terminal.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SPEC = ROOT / "pyinstaller.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
BUNDLE = DIST / "centre-app"
INSTALLER_DIR = DIST / "installer"
ISS = HERE / "centre_app.iss"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ensure_project_venv(argv: list[str]) -> None:
    """Re-run this script with the project's .venv (created and filled by run.py's logic when missing)."""
    run = _load(ROOT / "run.py", "centre_app_run")
    if run.in_venv():
        return
    python = run.ensure_venv()
    sys.exit(subprocess.call([str(python), str(Path(__file__).resolve()), *argv], cwd=ROOT))


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:  # a .venv made before PyInstaller was a dev dependency
        print("Installation de PyInstaller…", flush=True)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "pyinstaller>=6.6,<7"])


def version() -> str:
    text = (ROOT / "centre_app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    assert found is not None
    return found.group(1)


def build_bundle() -> float:
    for folder in (BUNDLE, WORK / "pyinstaller"):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK / "pyinstaller"),
        str(SPEC),
    ]
    print(f"PyInstaller {SPEC.name} → {BUNDLE} …", flush=True)
    subprocess.check_call(cmd, cwd=ROOT)
    seconds = time.perf_counter() - started
    print(f"Paquet construit en {seconds:.0f} s : {BUNDLE}", flush=True)
    return seconds


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        root = os.environ.get(base)
        if not root:
            continue
        for candidate in (
            Path(root) / "Inno Setup 6" / "ISCC.exe",
            Path(root) / "Programs" / "Inno Setup 6" / "ISCC.exe",
        ):
            if candidate.exists():
                return candidate
    return None


def build_installer() -> int:
    if os.name != "nt":
        print("L'installateur Windows se construit sur un PC Windows avec Inno Setup 6 (voir packaging/README.md).")
        return 2
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup 6 introuvable : installez-le (ISCC.exe), puis relancez avec --installer.", file=sys.stderr)
        return 2
    info = _load(HERE / "version_info.py", "centre_app_version_info")
    INSTALLER_DIR.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(iscc),
        f"/DAppVersion={version()}",
        f"/DNumericVersion={'.'.join(str(n) for n in info.version_tuple(version()))}",
        f"/DSourceDir={BUNDLE}",
        f"/DOutputDir={INSTALLER_DIR}",
        f"/DRepoRoot={ROOT}",
        str(ISS),
    ]
    print(f"Inno Setup : {' '.join(cmd)}", flush=True)
    rc = subprocess.call(cmd, cwd=HERE)
    if rc == 0:
        for exe in INSTALLER_DIR.glob("*.exe"):
            print(f"Installateur : {exe} ({exe.stat().st_size / 2**20:.1f} Mio)")
    return rc


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Construire le paquet du bureau (PyInstaller) et l'essayer")
    parser.add_argument("--no-smoke", action="store_true", help="ne pas lancer l'essai du paquet")
    parser.add_argument("--timing", type=int, default=0, help="mesurer le démarrage (N lancements, ex. 5)")
    parser.add_argument("--installer", action="store_true", help="compiler aussi l'installateur (Windows)")
    args = parser.parse_args(argv)
    ensure_project_venv(argv)
    ensure_pyinstaller()
    build_bundle()
    if not args.no_smoke:
        cmd = [sys.executable, str(HERE / "smoke_test.py"), "--bundle", str(BUNDLE), "--timing", str(args.timing)]
        rc = subprocess.call(cmd, cwd=ROOT)
        if rc != 0:
            return rc
    if args.installer:
        return build_installer()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
