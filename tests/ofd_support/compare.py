"""Compares an OFD with the PDF of the same layout, with readers that are
not charter's: ofdkit (text, positions), fontTools (embedded fonts),
easyofd (render) against pdftotext, PyMuPDF and pdftoppm.

    python3 compare.py FILE.pdf FILE.ofd [--render]

Prints one JSON object; tests/ofd.rs judges it.
"""

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

import fitz  # PyMuPDF
import ofdkit
from fontTools.ttLib import TTFont

NS = "{http://www.ofdspec.org/2016}"
MM = 25.4 / 72.0


def squeeze(text):
    # pdftotext writes U+3000 as a space; all whitespace is dropped.
    return "".join(c for c in text if not c.isspace() and c != "\u3000")


def pdf_page_texts(pdf, count):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return [squeeze(p) for p in pages[:count]]


def pdf_chars(page):
    """(char, x mm, baseline y mm) of every character PyMuPDF finds."""
    chars = []
    raw = page.get_text("rawdict")
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                for ch in span["chars"]:
                    x, y = ch["origin"]
                    chars.append((ch["c"], x * MM, y * MM))
    return chars


def position_error(runs, chars):
    """The largest distance (mm) from an OFD run's first character to the
    nearest same character of the PDF page; the runs checked."""
    worst, checked = 0.0, 0
    by_char = {}
    for c, x, y in chars:
        by_char.setdefault(c, []).append((x, y))
    for run in runs:
        if not run.text or run.text[0].isspace():
            continue
        candidates = by_char.get(run.text[0], [])
        if not candidates:
            worst = max(worst, 999.0)
            continue
        best = min(((x - run.x) ** 2 + (y - run.y) ** 2) ** 0.5 for x, y in candidates)
        worst = max(worst, best)
        checked += 1
    return worst, checked


def package_checks(path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    ids, max_unit, images, transforms = [], None, 0, 0
    font_files, font_chars = {}, {}
    uncovered = []
    for name in names:
        if not name.endswith(".xml"):
            continue
        root = ET.fromstring(z.read(name))
        if not root.tag.startswith(NS):
            uncovered.append("namespace of " + name)
        for el in root.iter():
            if el.get("ID") is not None:
                ids.append(int(el.get("ID")))
            if el.tag == NS + "MaxUnitID":
                max_unit = int(el.text)
            if el.tag == NS + "ImageObject":
                images += 1
            if el.tag == NS + "Font":
                font_files[el.get("ID")] = "Doc_0/Res/" + el.find(NS + "FontFile").text
            if el.tag == NS + "TextObject":
                covered = set()
                codes = el.findall(NS + "TextCode")
                text = "".join(c.text or "" for c in codes)
                for t in el.findall(NS + "CGTransform"):
                    transforms += 1
                    start = int(t.get("CodePosition"))
                    covered.update(range(start, start + int(t.get("CodeCount"))))
                chars = font_chars.setdefault(el.get("Font"), set())
                chars.update(c for i, c in enumerate(text) if i not in covered)
    fonts = {}
    for font_id, file in font_files.items():
        font = TTFont(io.BytesIO(z.read(file)))
        cmap = font.getBestCmap() or {}
        glyphs = font.getGlyphOrder()
        missing = sorted(c for c in font_chars.get(font_id, ()) if ord(c) not in cmap)
        fonts[file] = {"glyphs": len(glyphs), "missing": "".join(missing)}
    return {
        "ids_unique": len(ids) == len(set(ids)),
        "max_id": max(ids) if ids else 0,
        "max_unit_id": max_unit,
        "images": images,
        "cg_transforms": transforms,
        "fonts": fonts,
        "problems": uncovered,
    }


def ink_grid(image, cols=24, rows=34):
    """Which cells of a page hold ink (dark pixels), from a grey image."""
    image = image.convert("L")
    w, h = image.size
    cells = []
    px = image.load()
    for r in range(rows):
        for c in range(cols):
            dark = 0
            x0, x1 = c * w // cols, (c + 1) * w // cols
            y0, y1 = r * h // rows, (r + 1) * h // rows
            for y in range(y0, y1, 2):
                for x in range(x0, x1, 2):
                    if px[x, y] < 128:
                        dark += 1
                        break
                if dark:
                    break
            cells.append(bool(dark))
    return cells


def render_agreement(pdf, ofd, pages):
    """Per page: the share of grid cells where easyofd's render of the OFD
    and pdftoppm's of the PDF agree on ink."""
    from PIL import Image
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    # easyofd draws every TextCode in a font named 宋体 and cannot load
    # CFF (OpenType .otf) fonts into reportlab: a system CJK TrueType font
    # stands in, so that text is drawn at all.
    pdfmetrics.registerFont(RLFont("宋体", "/usr/share/fonts/truetype/arphic/uming.ttc", subfontIndex=0))
    from easyofd.ofd import OFD

    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)  # easyofd writes embedded fonts to the working folder
        try:
            doc = OFD()
            doc.read(ofd, fmt="path")
            ofd_pdf = fitz.open(stream=doc.to_pdf(), filetype="pdf")
        finally:
            os.chdir(cwd)
        subprocess.run(["pdftoppm", "-png", "-r", "60", pdf, os.path.join(work, "p")], check=True)
        shots = sorted(f for f in os.listdir(work) if f.startswith("p") and f.endswith(".png"))
        scores = []
        for i in range(min(pages, len(ofd_pdf), len(shots))):
            pix = ofd_pdf[i].get_pixmap(matrix=fitz.Matrix(0.3, 0.3), alpha=False)
            ofd_img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            pdf_img = Image.open(os.path.join(work, shots[i]))
            a, b = ink_grid(ofd_img), ink_grid(pdf_img)
            scores.append(sum(x == y for x, y in zip(a, b)) / len(a))
        return scores, len(ofd_pdf)


def main():
    pdf, ofd = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    render = "--render" in sys.argv
    result = {}
    with ofdkit.open(ofd) as doc:
        pages = len(doc.pages)
        result["ofd_pages"] = pages
        pdf_doc = fitz.open(pdf)
        result["pdf_pages"] = len(pdf_doc)
        pdf_texts = pdf_page_texts(pdf, len(pdf_doc))
        mismatched, reordered, worst, checked = [], [], 0.0, 0
        for i, page in enumerate(doc.pages):
            ofd_text = squeeze(page.text())
            pdf_text = pdf_texts[i] if i < len(pdf_texts) else ""
            if ofd_text != pdf_text:
                # Table cells: ofdkit and pdftotext may read them in another
                # order. The same characters, each as often, is a match.
                if sorted(ofd_text) == sorted(pdf_text):
                    reordered.append(i + 1)
                else:
                    mismatched.append({"page": i + 1, "ofd": ofd_text[:300], "pdf": pdf_text[:300]})
            if i < len(pdf_doc):
                w, n = position_error(page.runs, pdf_chars(pdf_doc[i]))
                worst, checked = max(worst, w), checked + n
        result["text_mismatches"] = mismatched
        result["text_reordered_pages"] = reordered
        result["max_position_error_mm"] = round(worst, 3)
        result["runs_checked"] = checked
        result["info"] = doc.info.to_dict()
    result.update(package_checks(ofd))
    if render:
        import contextlib

        # easyofd prints as it goes: keep standard output for the result.
        with contextlib.redirect_stdout(sys.stderr):
            scores, rendered = render_agreement(pdf, ofd, result["pdf_pages"])
        result["render_agreement"] = scores
        result["rendered_pages"] = rendered
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
