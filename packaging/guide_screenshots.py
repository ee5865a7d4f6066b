"""Screenshots of the user guide (docs/guide-utilisateur.md), taken from the real application, offscreen.

    python -m centre_app demo --db /tmp/guide.db --until 2026-11-01
    python packaging/guide_screenshots.py --db /tmp/guide.db --out docs/images

Works on a copy of the demo database: the real screens are opened as each user (through the real login
service, password ``demo1234``), a real receipt is cashed through the receipt dialog, and each window is
grabbed with QWidget.grab() at 1366 × 768 (dialogs at their own size). PNGs are reduced to 256 colours
(interface screenshots keep their look) so the guide stays light. Look at every image after a run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1366, 768)
PASSWORD = "demo1234"


def settle(ms: int = 150) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
        QTest.qWait(ms // 3)


def save(widget, out: Path, name: str, size: tuple[int, int] | None = None) -> Path:
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    if size is not None:
        widget.resize(*size)
    widget.show()
    settle()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    image = Image.open(BytesIO(bytes(data.data()))).convert("RGB")
    target = out / name
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(target, optimize=True)
    print(f"{target} ({image.width}×{image.height}, {target.stat().st_size // 1024} Kio)")
    return target


class Guide:
    def __init__(self, db: Path, out: Path) -> None:
        from centre_app.services.workspace import Workspace

        self.out = out
        self.workspace = Workspace.open(db)

    def login(self, username: str):
        from centre_app.services import users
        from centre_app.views.context import ViewContext

        outcome = self.workspace.run(lambda s: users.login(s, username, PASSWORD))
        assert outcome.actor is not None, f"connexion refusée pour {username}"
        self.workspace.actor = outcome.actor
        return ViewContext(self.workspace)

    def window(self, username: str):
        from centre_app.views.areas import AREAS
        from centre_app.views.main_window import MainWindow

        window = MainWindow(self.login(username), AREAS)
        window.resize(*SCREEN)
        return window

    def tab(self, window, area: str, title: str):
        tabs = window.show_area(area)
        for i in range(tabs.count()):
            if tabs.tabText(i) == title:
                tabs.setCurrentIndex(i)
                return tabs.widget(i)
        raise LookupError(f"onglet {title!r} absent de {area} : {[tabs.tabText(i) for i in range(tabs.count())]}")


def first_run(out: Path, work: Path) -> None:
    from centre_app.services.workspace import Workspace
    from centre_app.views.setup_wizard import SetupWizard

    workspace = Workspace.open(work / "neuve.db")
    try:
        wizard = SetupWizard(workspace)
        wizard.centre.name.setText("Centre de services agro-pastoral du Soum")
        wizard.centre.town.setText("Djibo")
        save(wizard, out, "01-assistant-premier-demarrage.png", (760, 400))
        wizard.close()
    finally:
        workspace.close()


def take_all(db: Path, out: Path, work: Path) -> None:
    from PySide6.QtWidgets import QDialog

    from centre_app.services import cash_printouts, dues
    from centre_app.services import settings as settings_service
    from centre_app.views.about_dialog import AboutDialog
    from centre_app.views.closing_dialog import ClosingDialog
    from centre_app.views.login_dialog import LoginDialog
    from centre_app.views.pdf_preview import PdfPreviewDialog
    from centre_app.views.receipt_dialog import ReceiptDialog

    first_run(out, work)
    guide = Guide(db, out)
    centre = guide.workspace.read(settings_service.get_settings)
    login = LoginDialog(guide.workspace, centre.name)
    login.username.setText("caisse")
    login.password.setText(PASSWORD)
    save(login, out, "02-connexion.png")

    # The clerk: home, a receipt cashed for a customer with open documents, the day, the closing.
    window = guide.window("caisse")
    window.show_area("home")
    save(window, out, "03-accueil.png", SCREEN)
    today = date.today()
    debtors = guide.workspace.read(lambda s: dues.debtors(s, today))
    party_id, _name, balance, _ageing = next(d for d in debtors if 20_000 <= d[2] <= 400_000)
    ctx = window.ctx
    dialog = ReceiptDialog(ctx, window)
    dialog.choose_party(party_id)
    dialog.amount.setValue(min(balance, 50_000))
    settle()
    save(dialog, out, "05-nouveau-recu.png")
    import centre_app.views.receipt_dialog as receipt_module

    shown: list[int] = []
    receipt_module.preview_payment = lambda parent, c, payment_id, paper="A4", copy=0: shown.append(payment_id)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted, "le reçu n'a pas été validé"
    assert shown
    pdf = guide.workspace.read(lambda s: cash_printouts.receipt_pdf(s, shown[0], "A4", 0))
    preview = PdfPreviewDialog(pdf, f"Reçu {dialog.payment.number}", f"{dialog.payment.number}.pdf", window)
    save(preview, out, "06-apercu-recu.png", (1000, 740))
    preview.fit_width()
    save(preview, out, "06-apercu-recu.png", (1000, 740))
    preview.close()
    day_page = guide.tab(window, "cash", "Journée")
    day_page.day.setValue(today)
    day_page.refresh()
    save(window, out, "04-caisse-du-jour.png", SCREEN)
    guide.tab(window, "cash", "Reçus et bons")
    save(window, out, "07-liste-des-recus.png", SCREEN)
    account = guide.tab(window, "cash", "Comptes clients")
    account.set_party(party_id)
    save(window, out, "08-compte-tiers.png", SCREEN)
    book = day_page.book
    assert book is not None
    closing = ClosingDialog(ctx, book, window)
    closing.counted.setValue(book.theoretical_cash)
    save(closing, out, "09-cloture-journee.png")
    closing.close()
    window.close()

    # The manager: master data; the administrator: backups and settings; About.
    window = guide.window("gestion")
    guide.tab(window, "reference", "Tiers")
    save(window, out, "10-tiers.png", SCREEN)
    window.close()
    window = guide.window("admin")
    guide.tab(window, "administration", "Sauvegardes")
    save(window, out, "11-sauvegardes.png", SCREEN)
    guide.tab(window, "administration", "Paramètres")
    save(window, out, "12-parametres.png", SCREEN)
    about = AboutDialog(guide.workspace.location, window)
    save(about, out, "13-a-propos.png", (720, 600))
    window.close()
    guide.workspace.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Captures d'écran du guide de l'utilisateur")
    parser.add_argument("--db", type=Path, required=True, help="base de démonstration (elle n'est pas modifiée)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from centre_app.app import install_language, make_application

    app = make_application()
    install_language(app, "fr")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="guide-") as tmp:
        work = Path(tmp)
        copy = work / "CentreServices" / "centre.db"  # as in the office: the user's data folder
        copy.parent.mkdir()
        shutil.copyfile(args.db, copy)
        take_all(copy, args.out, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
