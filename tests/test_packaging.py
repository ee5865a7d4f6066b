"""Packaging: the PyInstaller spec lists what the bundle needs, the paths found at run time work in a bundle
(``sys.frozen`` / ``sys._MEIPASS`` faked, files laid out as the spec says), the About dialog, the Windows
version resource and the installer script. The real build is ``python packaging/build.py`` (not run here).
"""

from __future__ import annotations

import glob
import importlib.util
import runpy
import shutil
import sys
import types
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from centre_app import __version__
from centre_app.models import migrate
from centre_app.resources import resource, resources_dir
from centre_app.services.workspace import Workspace
from centre_app.views import about_dialog, i18n
from centre_app.views.context import ViewContext
from centre_app.views.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    """A module of packaging/ (a folder, not a package: ``packaging`` is also a PyPI library's name)."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Recorder:
    """Stands for Analysis / PYZ / EXE / COLLECT: keeps its arguments."""

    made: list[Recorder]

    def __init__(self, kind: str, *args: Any, **kwargs: Any) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        self.scripts: list[Any] = []
        self.pure: list[Any] = []
        self.datas: list[tuple[str, str, str]] = []
        self.binaries: list[tuple[str, str, str]] = []


SAMPLE_DATAS = [
    ("PySide6/Qt/translations/qtbase_fr.qm", "/x/qtbase_fr.qm", "DATA"),
    ("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
    ("babel/locale-data/fr_BF.dat", "/x/fr_BF.dat", "DATA"),
    ("babel/locale-data/root.dat", "/x/root.dat", "DATA"),
    ("babel/locale-data/de.dat", "/x/de.dat", "DATA"),
    ("babel/locale-data/fy.dat", "/x/fy.dat", "DATA"),
    ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
]
SAMPLE_BINARIES = [
    ("PySide6/Qt/lib/libQt6Widgets.so.6", "/x/libQt6Widgets.so.6", "BINARY"),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "/x/kb.so", "BINARY"),
    ("PySide6/Qt/lib/libQt6Quick.so.6", "/x/libQt6Quick.so.6", "BINARY"),
    ("PySide6/Qt/plugins/platforms/qwindows.dll", "/x/qwindows.dll", "BINARY"),
]


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """pyinstaller.spec run with PyInstaller's objects replaced by recorders."""
    made: list[Recorder] = []
    metadata_of: list[str] = []

    def factory(kind: str):
        def make(*args: Any, **kwargs: Any) -> Recorder:
            obj = Recorder(kind, *args, **kwargs)
            if kind == "Analysis":
                obj.datas = [*kwargs["datas"], *SAMPLE_DATAS]
                obj.binaries = list(SAMPLE_BINARIES)
            made.append(obj)
            return obj

        return make

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.copy_metadata = lambda name: metadata_of.append(name) or [(f"/site/{name}.dist-info", f"{name}.dist-info")]  # type: ignore[attr-defined]
    hooks.collect_submodules = lambda package: [f"{package}.everything"]  # type: ignore[attr-defined]
    saved = sys.modules.get("PyInstaller.utils.hooks")
    sys.modules["PyInstaller.utils.hooks"] = hooks
    work = tmp_path_factory.mktemp("pyinstaller-work")
    try:
        namespace = runpy.run_path(
            str(ROOT / "pyinstaller.spec"),
            init_globals={
                "SPECPATH": str(ROOT),
                "workpath": str(work),
                **{k: factory(k) for k in ("Analysis", "PYZ", "EXE", "COLLECT")},
            },
        )
    finally:
        if saved is None:
            sys.modules.pop("PyInstaller.utils.hooks", None)
        else:
            sys.modules["PyInstaller.utils.hooks"] = saved
    return {"made": made, "metadata": metadata_of, "namespace": namespace, "work": work}


def _one(spec: dict[str, Any], kind: str) -> list[Recorder]:
    return [m for m in spec["made"] if m.kind == kind]


def _declared_datas(spec: dict[str, Any]) -> list[tuple[str, str]]:
    (analysis,) = _one(spec, "Analysis")
    return [(src, dest) for src, dest in analysis.kwargs["datas"] if not src.startswith("/site/")]


def test_spec_builds_two_programs_in_one_folder(spec: dict[str, Any]) -> None:
    (analysis,) = _one(spec, "Analysis")
    assert analysis.args[0] == [str(ROOT / "centre_app" / "__main__.py")]
    programs = {e.kwargs["name"]: e.kwargs for e in _one(spec, "EXE")}
    assert set(programs) == {"centre-app", "centre-app-cli"}
    assert programs["centre-app"]["console"] is False  # no console window behind the application
    assert programs["centre-app-cli"]["console"] is True
    for options in programs.values():
        assert Path(options["icon"]).suffix == ".ico" and Path(options["icon"]).exists()
        assert options["disable_windowed_traceback"] is True
    (collect,) = _one(spec, "COLLECT")
    assert collect.kwargs["name"] == "centre-app"
    assert {e.kwargs["name"] for e in collect.args if isinstance(e, Recorder)} == {"centre-app", "centre-app-cli"}
    hooks = analysis.kwargs["runtime_hooks"]
    assert [Path(h).name for h in hooks] == ["smoke_hook.py"] and Path(hooks[0]).exists()
    assert "centre_app.everything" in analysis.kwargs["hiddenimports"]  # every module: migrations may import any
    assert "alembic.op" in analysis.kwargs["hiddenimports"]


def test_spec_lists_the_needed_datas(spec: dict[str, Any]) -> None:
    declared = _declared_datas(spec)
    destinations = {dest for _src, dest in declared}
    assert {"resources", "i18n/fr", "centre_app/models/migrations", "centre_app/models/migrations/versions"} <= (
        destinations
    )
    for src, _dest in declared:
        assert glob.glob(src), f"nothing matches {src}"
    # Where the code looks at run time, relative to the bundle root (sys._MEIPASS).
    assert migrate.MIGRATIONS_DIR.relative_to(ROOT).as_posix() == "centre_app/models/migrations"
    assert resources_dir().relative_to(ROOT).as_posix() == "resources"
    assert i18n.i18n_dir().relative_to(ROOT).as_posix() == "i18n"
    files = [Path(f).name for src, _d in declared for f in glob.glob(src)]
    assert "update.py" not in files  # the developers' tool stays out
    assert {"fonts", "icons", "data"} <= {p.name for p in (ROOT / "resources").iterdir()}


def test_spec_copies_the_metadata_of_the_bundled_libraries(spec: dict[str, Any]) -> None:
    names = {n.lower().replace("_", "-") for n in spec["metadata"]}
    assert {"centre-app", "pyside6-essentials", "sqlalchemy", "alembic", "reportlab", "babel", "openpyxl"} <= names
    assert not names & {"pytest", "hypothesis", "ruff", "pyinstaller"}


def test_spec_leaves_out_unused_languages_and_the_virtual_keyboard(spec: dict[str, Any]) -> None:
    (analysis,) = _one(spec, "Analysis")
    kept = {dest for dest, *_ in analysis.datas}
    assert "PySide6/Qt/translations/qtbase_fr.qm" in kept
    assert "PySide6/Qt/translations/qtbase_de.qm" not in kept
    assert {"babel/locale-data/fr_BF.dat", "babel/locale-data/root.dat"} <= kept
    assert not kept & {"babel/locale-data/de.dat", "babel/locale-data/fy.dat", "libQt6Quick.so.6"}
    binaries = {Path(dest).name for dest, *_ in analysis.binaries}
    assert binaries == {"libQt6Widgets.so.6", "qwindows.dll"}


def test_spec_writes_the_windows_version_resource(spec: dict[str, Any]) -> None:
    written = sorted(p.name for p in spec["work"].glob("version_info-*.txt"))
    assert written == ["version_info-centre-app-cli.txt", "version_info-centre-app.txt"]
    text = (spec["work"] / "version_info-centre-app.txt").read_text(encoding="utf-8")
    assert f"'FileVersion', '{__version__}'" in text


def test_version_resource_is_valid_notation() -> None:
    info = load("version_info")
    assert info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert info.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert info.version_tuple("2.0.1.7.9") == (2, 0, 1, 7)
    with pytest.raises(ValueError, match="version"):
        info.version_tuple("dev")
    made: dict[str, Any] = {}

    def node(kind: str):
        return lambda *args, **kwargs: made.setdefault(kind, []).append((args, kwargs)) or (kind, args, kwargs)

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo")
    # PyInstaller reads this file with eval() and its own classes: the same notation must evaluate.
    eval(info.version_info_text("0.1.0", "centre-app"), {n: node(n) for n in (*names, "VarStruct")})
    strings = {args[0]: args[1] for args, _kw in made["StringStruct"]}
    assert strings["FileVersion"] == "0.1.0" and strings["OriginalFilename"] == "centre-app.exe"
    assert strings["ProductName"] == "Centre de services"
    assert made["FixedFileInfo"][0][1]["filevers"] == (0, 1, 0, 0)


# --- paths found at run time, in a (faked) bundle ---------------------------------------------------------------


def _lay_out(declared: list[tuple[str, str]], bundle: Path) -> None:
    """Copy the spec's datas into ``bundle`` as PyInstaller does (a folder whole, a pattern file by file)."""
    for src, dest in declared:
        target = bundle / dest
        if Path(src).is_dir():
            shutil.copytree(src, target, dirs_exist_ok=True)
            continue
        target.mkdir(parents=True, exist_ok=True)
        for found in glob.glob(src):
            shutil.copy2(found, target)


@pytest.fixture
def bundle(spec: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "centre-app" / "_internal"
    _lay_out(_declared_datas(spec), root)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(root), raising=False)
    # PyInstaller gives frozen modules __file__ = _MEIPASS/<package path>: the module's own rule applied there.
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", root / migrate.MIGRATIONS_DIR.relative_to(ROOT))
    return root


def test_resources_and_translations_are_found_in_the_bundle(bundle: Path, qapp: object) -> None:
    assert resources_dir() == bundle / "resources"
    assert resource("fonts", "DejaVuSans.ttf").is_file()
    assert resource("icons", "centre_app.png").is_file()
    assert i18n.i18n_dir() == bundle / "i18n"
    assert {p.parent for p in i18n.catalog_files("fr")} == {bundle / "i18n" / "fr"}
    catalog = i18n.load_catalog("fr")
    assert catalog["About"] == "À propos"
    assert len(catalog) > 100
    assert not about_dialog.app_icon().isNull()


def test_migrations_run_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    assert migrate.MIGRATIONS_DIR.is_relative_to(bundle)
    assert (migrate.MIGRATIONS_DIR / "env.py").is_file()
    db = migrate.open_database(tmp_path / "neuve.db")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()


def test_smoke_hook_is_inert_without_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from centre_app.views.login_dialog import LoginDialog

    monkeypatch.delenv("CENTRE_APP_SMOKE_REPORT", raising=False)
    before = (LoginDialog.exec, MainWindow.showMaximized)
    runpy.run_path(str(PACKAGING / "smoke_hook.py"))
    assert (LoginDialog.exec, MainWindow.showMaximized) == before


def test_build_and_smoke_scripts_read_the_source_version() -> None:
    assert load("smoke_test").source_version() == __version__
    assert load("build").version() == __version__


def test_installer_script() -> None:
    raw = (PACKAGING / "centre_app.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # ISCC reads a file without BOM as Windows-1252
    text = raw.decode("utf-8-sig")
    assert "PrivilegesRequired=admin" in text  # per machine
    assert "{autoprograms}\\{#AppName}" in text and "{autodesktop}\\{#AppName}" in text
    assert 'Name: "desktopicon"' in text and "unchecked" not in text
    assert "compiler:Languages\\French.isl" in text
    assert "AppId={{" in text
    # Only the program folder is ever deleted: the data folder (CentreServices) is never named for deletion.
    deletions = [line for line in text.splitlines() if line.startswith("Type: filesandordirs")]
    assert deletions and all('Name: "{app}\\_internal"' in line for line in deletions)


# --- the About dialog ------------------------------------------------------------------------------------------


def test_about_dialog_shows_version_path_and_licences(qtbot: QtBot, tmp_path: Path) -> None:
    path = str(tmp_path / "centre.db")
    dialog = about_dialog.AboutDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "À propos"
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("Centre de services — logiciel de gestion" in text for text in texts)
    assert dialog.version.text() == f"Version {__version__}"
    assert dialog.database.text() == f"Fichier de la base : {path}"
    names = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    for name in ("Python", "Qt", "SQLite", "SQLAlchemy", "alembic", "reportlab", "babel", "openpyxl"):
        assert name in names, name
    assert names["SQLAlchemy"] == "MIT"
    assert all(names.values())
    assert not {"pytest", "hypothesis", "ruff", "pyinstaller", "centre-app"} & {n.lower() for n in names}
    details = dialog.details()
    assert __version__ in details and path in details
    dialog.copy_details()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == details


def test_licence_of_reads_each_way_packages_declare_it() -> None:
    class Meta(dict):
        def get_all(self, key: str) -> list[str] | None:
            value = self.get(key)
            return list(value) if value else None

    class Dist:
        def __init__(self, **meta: Any) -> None:
            self.metadata = Meta(meta)

    assert about_dialog.licence_of(Dist(**{"License-Expression": "MIT"})) == "MIT"  # type: ignore[arg-type]
    assert about_dialog.licence_of(Dist(License="BSD-3-Clause")) == "BSD-3-Clause"  # type: ignore[arg-type]
    classified = Dist(License="a" * 300, Classifier=["License :: OSI Approved :: BSD License"])
    assert about_dialog.licence_of(classified) == "BSD License"  # type: ignore[arg-type]
    assert about_dialog.licence_of(Dist()) == "voir le paquet"  # type: ignore[arg-type]


def test_main_window_offers_about_with_f1(qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(about_dialog.AboutDialog, "exec", lambda self: opened.append(self.location) or 0)
    window = MainWindow(ViewContext(workspace), [])
    qtbot.addWidget(window)
    assert not window.windowIcon().isNull()
    button = window.findChild(QPushButton, "about_button")
    assert button is not None and button.text() == "À propos"
    button.click()
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    assert opened == [workspace.location, workspace.location]
