"""Input files for the reader tests, made once per session from data/raw/ by real tools."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.read import make_inputs as mk

JIAOZUO = "000_3d6e5cfce5c82a4b.txt"
XUCHANG = "004_7ada625db814d714.txt"


def has_tesseract_chinese() -> bool:
    command = shutil.which("tesseract")
    if command is None:
        return False
    out = subprocess.run([command, "--list-langs"], capture_output=True, text=True)
    return "chi_sim" in out.stdout.split()


needs_font = pytest.mark.skipif(
    mk.font_file() is None,
    reason="no embeddable CJK TrueType font: install fonts-wqy-zenhei (scripts/install-system-deps.sh)",
)
needs_tesseract = pytest.mark.skipif(
    not has_tesseract_chinese(),
    reason="Tesseract with chi_sim is not installed: apt-get install tesseract-ocr tesseract-ocr-chi-sim",
)
needs_soffice = pytest.mark.skipif(
    mk.soffice() is None, reason="LibreOffice is not installed: apt-get install libreoffice-writer"
)


class Inputs:
    """Builds each input file on first use, under one session folder (an explicit cache)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.built: dict[tuple, object] = {}

    def _once(self, key: tuple, make):
        if key not in self.built:
            self.built[key] = make()
        return self.built[key]

    def source(self, name: str) -> mk.Source:
        return self._once(("source", name), lambda: mk.load_source(name))

    def pdf(self, name: str, number_style: str = "dash") -> mk.RenderedPdf:
        path = self.folder / number_style / f"{Path(name).stem}.pdf"
        path.parent.mkdir(exist_ok=True)
        return self._once(("pdf", name, number_style),
                          lambda: mk.render_pdf(self.source(name), path, number_style=number_style))

    def scanned_pdf(self, name: str, pages: int | None = None) -> Path:
        def make() -> Path:
            path = self.folder / "scanned" / f"{Path(name).stem}.pdf"
            path.parent.mkdir(exist_ok=True)
            mk.render_scanned_pdf(self.pdf(name).path, path, pages=pages)
            return path
        return self._once(("scanned", name, pages), make)

    def docx(self, name: str) -> tuple[Path, str]:
        def make():
            path = self.folder / "docx" / f"{Path(name).stem}.docx"
            path.parent.mkdir(exist_ok=True)
            return path, mk.render_docx(self.source(name), path)
        return self._once(("docx", name), make)

    def soffice_pdf(self, name: str) -> tuple[Path, str]:
        def make():
            path = self.folder / "soffice" / f"{Path(name).stem}.pdf"
            path.parent.mkdir(exist_ok=True)
            return path, mk.render_soffice_pdf(self.source(name), path)
        return self._once(("soffice_pdf", name), make)

    def html(self, name: str) -> tuple[Path, str]:
        def make():
            path = self.folder / "html" / f"{Path(name).stem}.html"
            path.parent.mkdir(exist_ok=True)
            return path, mk.render_html(self.source(name), path)
        return self._once(("html", name), make)


@pytest.fixture(scope="session")
def inputs(tmp_path_factory) -> Inputs:
    return Inputs(tmp_path_factory.mktemp("inputs"))
