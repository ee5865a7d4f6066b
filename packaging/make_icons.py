"""Draw the application icon with Qt: a grain sack marked « CS » on the centre's green.

    python packaging/make_icons.py      writes resources/icons/centre_app.png (256 px), centre_app-48.png
                                        and centre_app.ico (16 to 256 px, for the Windows executable)

The files are committed; run this again only to change the drawing. Small sizes (< 48 px) drop the sack
and keep the letters, which stay readable in a taskbar or a file list.
"""

from __future__ import annotations

import os
import sys
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
GREEN = "#2E7D32"
DARK_GREEN = "#1B5E20"
SACK = "#F3E2B3"
SACK_SHADE = "#E2C98A"
TIE = "#8D6E3F"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int):  # -> QImage (Qt imported lazily so that the module imports without a display)
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPainterPath, QPen

    QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.scale(size / 256, size / 256)  # draw on a 256 × 256 canvas
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(GREEN))
    p.drawRoundedRect(QRectF(6, 6, 244, 244), 48, 48)
    font = QFont("DejaVu Sans")
    font.setBold(True)
    if size < 48:
        font.setPixelSize(132)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, -8)
        p.setFont(font)
        p.setPen(QColor("white"))
        p.drawText(QRectF(0, 0, 256, 248), Qt.AlignmentFlag.AlignCenter, "CS")
        p.end()
        return image
    # The sack: a bulging body, a gathered mouth above a tie.
    body = QPainterPath(QPointF(100, 78))
    body.cubicTo(QPointF(66, 108), QPointF(46, 160), QPointF(56, 202))
    body.cubicTo(QPointF(62, 226), QPointF(88, 234), QPointF(128, 234))
    body.cubicTo(QPointF(168, 234), QPointF(194, 226), QPointF(200, 202))
    body.cubicTo(QPointF(210, 160), QPointF(190, 108), QPointF(156, 78))
    body.closeSubpath()
    mouth = QPainterPath(QPointF(106, 74))
    mouth.lineTo(QPointF(88, 34))
    mouth.quadTo(QPointF(108, 48), QPointF(118, 38))
    mouth.quadTo(QPointF(128, 26), QPointF(138, 38))
    mouth.quadTo(QPointF(148, 48), QPointF(168, 34))
    mouth.lineTo(QPointF(150, 74))
    mouth.closeSubpath()
    outline = QPen(QColor(DARK_GREEN), 5)
    outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(outline)
    p.setBrush(QColor(SACK_SHADE))
    p.drawPath(mouth)
    p.setBrush(QColor(SACK))
    p.drawPath(body)
    p.setBrush(QColor(TIE))
    p.drawRoundedRect(QRectF(92, 66, 72, 16), 8, 8)
    font.setPixelSize(86)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, -4)
    p.setFont(font)
    p.setPen(QColor(GREEN))
    p.drawText(QRectF(40, 104, 176, 118), Qt.AlignmentFlag.AlignCenter, "CS")
    p.end()
    return image


def png_bytes(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    draw(size).save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    (ICONS / "centre_app.png").write_bytes(png_bytes(256))
    (ICONS / "centre_app-48.png").write_bytes(png_bytes(48))
    # One image per size, each drawn at its size (not scaled down from 256), in one .ico.
    images = [Image.open(BytesIO(png_bytes(s))).convert("RGBA") for s in ICO_SIZES]
    largest = images[-1]
    largest.save(ICONS / "centre_app.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    for name in ("centre_app.png", "centre_app-48.png", "centre_app.ico"):
        print(f"{ICONS / name} ({(ICONS / name).stat().st_size} octets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
