"""Smoke-test hook: lets a script check that the GUI reaches its main window, without a person at the keyboard.

Inert unless the environment variable ``CENTRE_APP_SMOKE_REPORT`` names a JSON file to write. It is a
PyInstaller runtime hook of the bundle (pyinstaller.spec) and is run the same way before the sources by
packaging/smoke_test.py, so the bundle and the sources are measured alike. When active it:

- types ``CENTRE_APP_SMOKE_LOGIN`` (``user:password``) into the real login dialog and presses « Se connecter »
  (the real password check runs: nothing is bypassed);
- records message boxes instead of waiting for a click (a smoke run has nobody to click);
- once the main window is shown: records the time, the title, the areas, Qt's French translation, the image
  formats, the About dialog, a PDF opened with QtPdf, a page printed to PDF through QtPrintSupport, and
  screenshots; then quits normally (the backup at closing runs as usual).
"""

from __future__ import annotations

import os

REPORT_ENV = "CENTRE_APP_SMOKE_REPORT"
LOGIN_ENV = "CENTRE_APP_SMOKE_LOGIN"
PDF_ENV = "CENTRE_APP_SMOKE_PDF"
TIMEOUT_S = 180


def _install(report_path: str) -> None:
    import json
    import sys
    import time
    import traceback
    from pathlib import Path

    from PySide6.QtCore import QLibraryInfo, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from centre_app.views.login_dialog import LoginDialog
    from centre_app.views.main_window import MainWindow

    out = Path(report_path)
    report: dict[str, object] = {"frozen": bool(getattr(sys, "frozen", False)), "messages": [], "pid": os.getpid()}

    def write() -> None:
        out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")

    user, _sep, password = os.environ.get(LOGIN_ENV, "admin:demo1234").partition(":")
    dialog_exec = LoginDialog.exec

    def login_exec(dialog: LoginDialog) -> int:
        def fill() -> None:
            dialog.username.setText(user)
            dialog.password.setText(password)
            dialog.try_login()
            if dialog.actor is None:
                report["login_error"] = dialog.error.text()
                write()
                dialog.reject()

        QTimer.singleShot(0, fill)
        return dialog_exec(dialog)

    LoginDialog.exec = login_exec  # type: ignore[method-assign]

    def recorder(kind: str):
        def record(*args: object, **_kw: object) -> QMessageBox.StandardButton:
            texts = [a for a in args if isinstance(a, str)]
            report["messages"].append({"kind": kind, "title": texts[:1], "text": texts[1:2]})  # type: ignore[union-attr]
            return QMessageBox.StandardButton.Ok

        return record

    for kind in ("warning", "critical", "information", "question"):
        setattr(QMessageBox, kind, staticmethod(recorder(kind)))

    def box_exec(box: QMessageBox) -> int:
        report["messages"].append({"kind": "box", "title": [box.windowTitle()], "text": [box.text()]})  # type: ignore[union-attr]
        return 0

    QMessageBox.exec = box_exec  # type: ignore[method-assign]

    # The window may be shown before the event loop runs (the daily backup pumps events in between), and
    # quit() outside a running loop does nothing: quit once the loop runs.
    loop = {"running": False, "quit_pending": False}

    def inspect(window: MainWindow) -> None:
        try:
            _inspect(window, report, out)
        except Exception:
            report["error"] = traceback.format_exc()
        write()
        if loop["running"]:
            QApplication.quit()
        else:
            loop["quit_pending"] = True

    show_maximized = MainWindow.showMaximized

    def shown(window: MainWindow) -> None:
        show_maximized(window)
        report["shown_at"] = time.time()
        QTimer.singleShot(0, lambda: inspect(window))

    MainWindow.showMaximized = shown  # type: ignore[method-assign]

    def give_up() -> None:
        report["timeout"] = TIMEOUT_S
        write()
        os._exit(3)

    # The QApplication does not exist yet: start the watchdog with the first event loop.
    application_exec = QApplication.exec  # static in PySide6: called without the instance

    def app_exec(*_instance: object) -> int:
        loop["running"] = True
        QTimer.singleShot(TIMEOUT_S * 1000, give_up)
        QTimer.singleShot(0, lambda: loop["quit_pending"] and QApplication.quit())
        return application_exec()

    QApplication.exec = app_exec  # type: ignore[method-assign]
    report["qt_translations_path"] = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    write()


def _inspect(window: object, report: dict[str, object], out: object) -> None:
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication, QSizeF
    from PySide6.QtGui import QFontDatabase, QGuiApplication, QImageReader, QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from centre_app.views.about_dialog import AboutDialog

    out = Path(str(out))
    report["platform"] = QGuiApplication.platformName()
    report["title"] = window.windowTitle()  # type: ignore[attr-defined]
    nav = window.nav  # type: ignore[attr-defined]
    report["areas"] = [nav.item(i).text() for i in range(nav.count())]
    report["window_icon"] = not window.windowIcon().isNull()  # type: ignore[attr-defined]
    report["qt_french"] = QCoreApplication.translate("QPlatformTheme", "Cancel")
    report["image_formats"] = sorted(bytes(f.data()).decode() for f in QImageReader.supportedImageFormats())
    report["font_families"] = len(QFontDatabase.families())
    window.grab().save(str(out.with_suffix(".png")))  # type: ignore[attr-defined]
    about = AboutDialog(window.ctx.workspace.location, window)  # type: ignore[attr-defined,arg-type]
    about.resize(700, 560)
    report["about"] = {
        "version": about.version.text(),
        "database": about.database.text(),
        "components": [c.name for c in about.components],
    }
    about.grab().save(str(out.with_name(out.stem + "-about.png")))
    about.deleteLater()
    pdf_path = os.environ.get(PDF_ENV)
    if pdf_path:
        document = QPdfDocument()
        document.load(pdf_path)
        size = document.pagePointSize(0) if document.pageCount() else QSizeF()
        image = document.render(0, size.toSize()) if document.pageCount() else None
        report["pdf"] = {
            "pages": document.pageCount(),
            "rendered": bool(image is not None and not image.isNull()),
        }
    printed = out.with_name(out.stem + "-printer.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    painter = QPainter()
    if painter.begin(printer):
        painter.drawText(100, 100, "Reçu — essai d'impression")
        painter.end()
    report["printer_pdf_bytes"] = printed.stat().st_size if printed.exists() else 0
    report["printers"] = QPrinterInfo.availablePrinterNames()


_report = os.environ.get(REPORT_ENV)
if _report:
    _install(_report)
