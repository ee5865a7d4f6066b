"""Start-up and memory, each in a fresh process (PRODUCT.md §15), offscreen (``QT_QPA_PLATFORM=offscreen``).

    python benchmarks/startup.py bare              a bare PySide6 QMainWindow, shown
    python benchmarks/startup.py app DB            the application's start on DB, up to its main window shown
    python benchmarks/startup.py memory DB         the same, then every area and tab opened, every list scrolled
                                                   to its end; prints the peak resident memory

Each child prints one JSON line. The clock starts in the parent just before the process is created (interpreter
start and imports included, as a user double-clicking sees it); times are taken at first paints. ``app`` follows
``centre_app.app.main`` step by step — open (and migrate), language, the start-up check started in its thread,
the real login dialog shown; then the clerk « types » (the benchmark waits for the check: a clerk typing a name
and a password takes longer); « Log in » through the real dialog and service; the main window ``showMaximized``
up to its first paint, then up to the home dashboard filled. The application's own time is (start → login dialog
painted) + (« Log in » → main window painted); the daily backup that follows the window is not counted. Run it
on a copy: it writes (login event).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "demo1234"  # every user of the demo databases


def _first_paint(window: Any, *, maximized: bool = True) -> float:
    """Show ``window`` (maximized) and return the wall-clock time of its first paint (``time.time()``)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    painted: list[float] = []

    class Spy(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not painted and event.type() == QEvent.Type.Paint:
                painted.append(time.time())
            return False

    app = QApplication.instance()
    assert app is not None
    spy = Spy()
    app.installEventFilter(spy)
    if maximized:
        window.showMaximized()
    else:
        window.show()
    deadline = time.time() + 60
    while not painted and time.time() < deadline:
        app.processEvents()
    app.removeEventFilter(spy)
    return painted[0] if painted else float("nan")


def _settle() -> None:
    """Run what was queued before the first paint (work deferred until the window is shown)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    QTimer.singleShot(0, app.quit)
    app.exec()


def child_bare() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.setCentralWidget(QLabel("Bonjour"))
    window.resize(1366, 740)
    shown = _first_paint(window)
    from benchmarks.common import peak_rss_mb

    del app
    return {"shown": shown, "rss_peak": peak_rss_mb() or 0.0}


def open_logged_in(db: Path, username: str) -> tuple[Any, Any, dict[str, float]]:
    """``centre_app.app.main`` up to the main window: (window, workspace, steps).

    As ``main`` does on a database at the code's version: the centre's name read with sqlite3 (services/early.py),
    the real login dialog shown before SQLAlchemy and the services are imported (its first paint is timed); they
    load, the database opens and the start-up check runs in a thread (``EarlyStart``) while the screens' modules
    are imported by the event loop; the clerk « types »: the benchmark waits for all of it, as a clerk typing a
    name and a password does; then « Log in » (the real password check) and the main window.
    """
    steps: dict[str, float] = {"imported": 0.0}
    from centre_app import app as centre
    from centre_app.services import early
    from centre_app.views.checked_login import CheckedLoginDialog, EarlyStart

    class TimedStart(EarlyStart):
        def _check(self) -> Any:
            report = super()._check()
            steps["check_done"] = time.time()
            return report

    steps["imported"] = time.time()
    application = centre.make_application([sys.argv[0]])
    facts = early.peek(db)
    assert facts is not None, "the database must be at the code's version, with users"
    centre.install_language(application, facts.language)
    steps["opened"] = time.time()
    start = TimedStart(db)
    dialog = CheckedLoginDialog(None, facts.centre_name, start)
    screens: list[float] = []
    dialog.after_first_paint = lambda: (centre.import_screens(), screens.append(time.time()))
    steps["dialog"] = _first_paint(dialog, maximized=False)
    deadline = time.time() + 600
    while (not screens or not start.done) and time.time() < deadline:
        application.processEvents()
        time.sleep(0.005)
    assert start.wait().ok
    steps["screens"] = screens[0]
    steps["typed"] = time.time()  # all is loaded and checked: the clerk is still typing, or has just finished
    dialog.username.setText(username)
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    assert dialog.actor is not None, dialog.error.text()
    workspace = dialog.workspace
    workspace.actor = dialog.actor
    dialog.close()
    steps["logged_in"] = time.time()
    from centre_app.views.areas import AREAS
    from centre_app.views.context import ViewContext
    from centre_app.views.main_window import MainWindow

    window = MainWindow(ViewContext(workspace), AREAS)
    steps["built"] = time.time()
    return window, workspace, steps


def child_app(db: Path, username: str) -> dict[str, float]:
    window, workspace, steps = open_logged_in(db, username)
    steps["shown"] = _first_paint(window)
    _settle()
    steps["settled"] = time.time()
    workspace.close()
    return steps


def browse_everything(window: Any, screens: int | None = None) -> int:
    """Open every area and tab; scroll every list ``screens`` windows down (None: to its end, every row loaded).
    Returns the rows loaded."""
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    rows = 0
    for key in list(window.areas):
        tabs = window.show_area(key)
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
            for view in tabs.widget(i).findChildren(QAbstractItemView):
                model = view.model()
                if model is None:
                    continue
                fetched = 0
                while model.canFetchMore(view.rootIndex()) and (screens is None or fetched < screens):
                    model.fetchMore(view.rootIndex())
                    fetched += 1
                view.scrollToBottom()
                QApplication.processEvents()
                rows += model.rowCount()
    return rows


def child_memory(db: Path, username: str) -> dict[str, float]:
    from benchmarks.common import peak_rss_mb

    window, workspace, steps = open_logged_in(db, username)
    steps["shown"] = _first_paint(window)
    _settle()
    steps["rss_shown"] = peak_rss_mb() or 0.0
    steps["rows_browsed"] = browse_everything(window, BROWSED_SCREENS)
    steps["rss_browsed"] = peak_rss_mb() or 0.0
    steps["rows"] = browse_everything(window)
    steps["browsed"] = time.time()
    steps["rss_peak"] = peak_rss_mb() or 0.0
    workspace.close()
    return steps


def run_child(mode: str, db: Path | None = None, username: str = "admin", timeout: float = 600) -> dict[str, float]:
    """Run one child; times are returned relative to the moment the process was created (seconds)."""
    # Warm cache: compiled modules kept between runs, as an installed application has them (this environment
    # may forbid writing them: PYTHONDONTWRITEBYTECODE); kept outside the source tree.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(PYCACHE))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = [sys.executable, str(Path(__file__).resolve()), mode]
    if db is not None:
        args += [str(db), username]
    start = time.time()
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {k: (v - start if k in TIMES else v) for k, v in result.items()}


BROWSED_SCREENS = 10  # « browsed »: each list scrolled ten windows (2 000 rows) down
PYCACHE = Path(tempfile.gettempdir()) / "centre-app-bench-pycache"
TIMES = {
    "imported",
    "opened",
    "dialog",
    "screens",
    "check_done",
    "typed",
    "logged_in",
    "built",
    "shown",
    "settled",
    "browsed",
}


def main() -> None:
    mode = sys.argv[1]
    if mode == "bare":
        out = child_bare()
    elif mode == "app":
        out = child_app(Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "admin")
    elif mode == "memory":
        out = child_memory(Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "admin")
    else:
        raise SystemExit(__doc__)
    print(json.dumps(out), flush=True)
    os._exit(0)  # skip Qt's teardown: not part of any budget


if __name__ == "__main__":
    main()
