"""Windows version resource of the executables (Explorer > Propriétés > Détails), made from the one version number.

The version comes from ``centre_app.__version__``; pyinstaller.spec writes one file per executable into the
build folder with :func:`write_version_file` and hands it to PyInstaller (used on Windows only; Linux ignores
it). The text is PyInstaller's ``VSVersionInfo`` notation. Names here are also the installer's (centre_app.iss
receives them from build.py) so Explorer, the Start menu and « Programmes et fonctionnalités » agree.
"""

from __future__ import annotations

import re
from pathlib import Path

PRODUCT_NAME = "Centre de services"
COMPANY_NAME = "Centre de services agro-pastoral"
DESCRIPTION = "Centre de services — gestion : bétail, stock, commandes, contrats OP, caisse"
COPYRIGHT = "© 2026 Centre de services agro-pastoral. Bibliothèques tierces : voir « À propos »."
FRENCH_UNICODE = "040C04B0"  # language 0x040C (français), code page 1200 (UTF-16)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); a suffix such as '0.2.0rc1' or '0.2.0.dev3' keeps its numeric part."""
    release = re.match(r"\d+(?:\.\d+)*", version.strip())
    if release is None:
        raise ValueError(f"version sans chiffres : {version!r}")
    numbers = [*(int(n) for n in release.group(0).split(".")), 0, 0, 0, 0]
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def _quoted(text: str) -> str:
    return repr(text)  # a Python literal: the notation is read back with eval() by PyInstaller


def version_info_text(version: str, exe_name: str, description: str = DESCRIPTION) -> str:
    numbers = version_tuple(version)
    strings = {
        "CompanyName": COMPANY_NAME,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": PRODUCT_NAME,
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({_quoted(k)}, {_quoted(v)})" for k, v in strings.items())
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo([
      StringTable(
        {_quoted(FRENCH_UNICODE)},
        [
          {table},
        ],
      )
    ]),
    VarFileInfo([VarStruct('Translation', [0x040C, 1200])]),
  ],
)
"""


def write_version_file(folder: Path, version: str, exe_name: str, description: str = DESCRIPTION) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"version_info-{exe_name}.txt"
    path.write_text(version_info_text(version, exe_name, description), encoding="utf-8")
    return path
