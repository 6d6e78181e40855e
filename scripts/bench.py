#!/usr/bin/env python3
"""Helpers for scripts/bench.sh: generate fictional organisations (and the
same tree on scripts/floor.typ), run the pandoc + LibreOffice peer, and
write docs/performance.md from the measured figures.

Every organisation is fictional: names are built from syllables, phone
numbers use the 555 range, e-mail addresses example.org.
"""

import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

PLACES = "青山 河西 兰亭 松溪 柳岸 云台 石桥 桃源 东湖 北塘 南岭 西坪 长林 明月 清泉 白沙".split()
KINDS = ["社会工作服务中心", "社区发展服务中心", "公益服务社", "青少年成长服务中心", "为老服务中心", "志愿服务协会"]
SHORT = {"社会工作服务中心": "中心", "社区发展服务中心": "中心", "公益服务社": "服务社",
         "青少年成长服务中心": "中心", "为老服务中心": "中心", "志愿服务协会": "协会"}
SCHEMES = ["gbt9704", "arabic", "gbt9704", "articles-like"]


def generate(root: pathlib.Path, count: int, repo: pathlib.Path) -> None:
    """`count` organisations, each with a 服务承诺制度 extending the example
    model; and `charters-floor`, the same tree built with scripts/floor.typ."""
    charters = root / "charters"
    if charters.exists():
        shutil.rmtree(charters)
    (charters / "models").mkdir(parents=True)
    shutil.copy(repo / "charters/models/service-commitment.toml", charters / "models/service-commitment.toml")
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        kind = KINDS[(i // len(PLACES)) % len(KINDS)]
        name = f"{place}第{i + 1}{kind}"
        folder = charters / "orgs" / f"org{i:04d}"
        folder.mkdir(parents=True)
        (folder / "org.toml").write_text(
            f'name = "{name}"\nshort_name = "{SHORT[kind]}"\ncode = "ORG{i:04d}"\n'
            f'phone = "0571-555-{i:04d}"\nemail = "service@org{i:04d}.example.org"\n',
            encoding="utf-8",
        )
        numbering = "arabic" if i % 3 == 1 else "gbt9704"
        layout = '\n[layout]\npage_number = "total"\n' if i % 4 == 3 else ""
        (folder / "service-commitment.toml").write_text(
            '[charter]\nid = "service-commitment"\nextends = "../../models/service-commitment.toml"\n'
            f'numbering = "{numbering}"\nnumber = "{{{{ org.code }}}}-ZD-2025-{i % 100:03d}"\n{layout}\n'
            f"[approval]\nbody = \"理事会\"\nterm = {i % 3 + 1}\nsession = {i % 6 + 1}\ndate = 2025-03-01\n",
            encoding="utf-8",
        )
    floor = root / "charters-floor"
    if floor.exists():
        shutil.rmtree(floor)
    shutil.copytree(charters, floor)
    # The template and its theme outside the charters' tree; the theme
    # without [grid], so the floor's data is the resolved document alone.
    template = root / "floor-template"
    template.mkdir(exist_ok=True)
    shutil.copy(repo / "scripts/floor.typ", template / "floor.typ")
    theme = (repo / "templates/formal.toml").read_text(encoding="utf-8")
    start = theme.index("[grid]")
    end = theme.index("[size]")
    (template / "floor.toml").write_text(theme[:start] + theme[end:], encoding="utf-8")
    model = floor / "models/service-commitment.toml"
    text = model.read_text(encoding="utf-8")
    line = 'template = "../../floor-template/floor.typ"'
    text = text.replace("[layout]", f"[layout]\n{line}", 1) if "[layout]" in text \
        else text + f"\n[layout]\n{line}\n"
    model.write_text(text, encoding="utf-8")


def markdown(doc: dict) -> str:
    """The resolved document as Markdown, for the pandoc peer: same texts and labels."""
    lines = [f"# {doc['org']['name']}{doc['title']}", ""]
    lines += [p + "\n" for p in doc.get("preamble", [])]

    def walk(nodes):
        for n in nodes:
            head = n["label"] + (n.get("heading") or "")
            texts = n.get("text", [])
            if n["level"] == 1:
                lines.append(f"## {head}\n")
                lines.extend(t + "\n" for t in texts)
            else:
                first = texts[0] if texts else ""
                lines.append(f"{head}{first}\n")
                lines.extend(t + "\n" for t in texts[1:])
            walk(n.get("children", []))

    walk(doc["sections"])
    closing = doc["closing"]
    if closing.get("statement"):
        lines.append(closing["statement"] + "\n")
    return "\n".join(lines)


def pandoc_peer(json_dir: pathlib.Path, count: int) -> dict:
    """pandoc Markdown→DOCX, then LibreOffice DOCX→PDF (one soffice run for all)."""
    work = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / "charter-bench-pandoc"
    if work.exists():
        shutil.rmtree(work)
    (work / "pdf").mkdir(parents=True)
    docs = sorted(json_dir.glob("*/service-commitment.json"))[:count]
    sources = []
    for i, doc in enumerate(docs):
        md = work / f"doc{i:04d}.md"
        md.write_text(markdown(json.loads(doc.read_text(encoding="utf-8"))), encoding="utf-8")
        sources.append(md)
    start = time.perf_counter()
    for md in sources:
        subprocess.run(["pandoc", str(md), "-o", str(md.with_suffix(".docx"))], check=True)
    pandoc_s = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(work / "pdf")] + [str(m.with_suffix(".docx")) for m in sources],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    soffice_s = time.perf_counter() - start
    return {"docs": len(docs), "pandoc_per_doc_s": pandoc_s / len(docs), "soffice_per_doc_s": soffice_s / len(docs),
            "per_doc_s": (pandoc_s + soffice_s) / len(docs)}


def report(figures_path: pathlib.Path, out: pathlib.Path) -> None:
    f = json.loads(figures_path.read_text())
    n = f["charters"]
    batch, pdf, docx = f["batch_both"], f["batch_pdf"], f["batch_docx"]
    # One thread: CPU seconds per document, the median of three runs each.
    ours = statistics.median(r["cpu_s"] for r in f["serial_pdf"]) / n
    floor = statistics.median(r["cpu_s"] for r in f["floor_pdf"]) / n
    ratio = ours / floor
    # This machine's CPU time varies by up to a tenth between runs of the same
    # build: the spread of the ratios of each alternating pair shows how much.
    pairs = sorted(a["cpu_s"] / b["cpu_s"] for a, b in zip(f["serial_pdf"], f["floor_pdf"]))
    unchanged_ratio = f["unchanged"]["wall_s"] / batch["wall_s"]
    pandoc = f.get("pandoc")

    def ok(flag):
        return "met" if flag else "**not met**"

    rows = [
        ("Per document, one thread, PDF (formal.typ)", f"{ours * 1000:.1f} ms CPU", f"{ratio:.2f}× the floor (pairs {pairs[0]:.2f}–{pairs[-1]:.2f}×)", f"≤ 1.5×: {ok(ratio <= 1.5)}"),
        ("Per document, one thread, PDF (floor: scripts/floor.typ)", f"{floor * 1000:.1f} ms CPU", "1.00×", ""),
        ("Batch, PDF + DOCX of every charter", f"{batch['wall_s']:.2f} s", f"{n / batch['wall_s']:.0f} charters/s", f"≥ 100 charters/s: {ok(n / batch['wall_s'] >= 100)}"),
        ("Batch, PDF only", f"{pdf['wall_s']:.2f} s", f"{n / pdf['wall_s']:.0f} charters/s", ""),
        ("Batch, DOCX only", f"{docx['wall_s']:.2f} s", f"{n / docx['wall_s']:.0f} charters/s", ""),
    ]
    if "batch_ofd" in f:
        # OFD is written from the PDF's layout: OFD alone lays out and
        # writes the package; PDF + OFD adds the package to the PDF's run.
        ofd_only = f["serial_ofd"]["cpu_s"] / n
        added = f["serial_pdf_ofd"]["cpu_s"] / n - ours
        rows += [
            ("Batch, OFD only", f"{f['batch_ofd']['wall_s']:.2f} s", f"{n / f['batch_ofd']['wall_s']:.0f} charters/s", ""),
            ("Per document, one thread, OFD only", f"{ofd_only * 1000:.1f} ms CPU", f"{ofd_only / floor:.2f}× the floor", ""),
            ("Per document, one thread, PDF + OFD added", f"{added * 1000:.1f} ms CPU", f"{added / floor:.2f}× the floor",
             f"≤ the floor's whole PDF: {ok(added <= floor)}"),
        ]
    rows += [
        ("Peak memory of the PDF + DOCX batch", f"{batch['rss_mb']:.0f} MB", "", f"≤ 400 MB: {ok(batch['rss_mb'] <= 400)}"),
        ("Unchanged-tree rebuild", f"{f['unchanged']['wall_s']:.2f} s", f"{unchanged_ratio * 100:.1f} % of the full build", f"≤ 5 %: {ok(unchanged_ratio <= 0.05)}"),
        ("Cold single build (process start to PDF written)", f"{f['cold']['median_s'] * 1000:.0f} ms", "", f"≤ 0.15 s: {ok(f['cold']['median_s'] <= 0.15)}"),
    ]
    instructions = f.get("instructions")
    if instructions:
        i_ratio = instructions["formal"] / instructions["floor"]
        rows.insert(2, ("Per document, one thread, PDF: instructions (callgrind, formal / floor)",
                        f"{instructions['formal'] / 1e6:.0f} M / {instructions['floor'] / 1e6:.0f} M",
                        f"{i_ratio:.2f}×", f"≤ 1.5×: {ok(i_ratio <= 1.5)}"))
    if pandoc:
        rows.append(("Per document, pandoc → DOCX → LibreOffice → PDF", f"{pandoc['per_doc_s'] * 1000:.0f} ms",
                     f"{pandoc['per_doc_s'] / (batch['wall_s'] / n):.0f}× our batch per charter", ""))
    cpu_per_charter = batch["cpu_s"] / n
    lines = [
        "# Performance",
        "",
        "Regenerated by `scripts/bench.sh` (do not edit by hand). All figures come from one run on one machine;",
        "ratios compare runs made in that same run.",
        "",
        f"- Machine: {f['machine']}",
        f"- Corpus: {n} fictional organisations generated from `charters/models/service-commitment.toml`",
        f"  ({f['pages']} pages per charter: 8 sections, 31 clauses; gbt9704 and arabic numbering).",
        f"- charter {f['version']}, {f['threads']} worker threads. The floor is `scripts/floor.typ`, a minimal",
        "  template (title, every node one labelled paragraph, the appendix grids) over the same resolved JSON",
        "  with the same fonts, built by the same binary"
        + (f"; pandoc {f['pandoc_version']} and LibreOffice {f['soffice_version']} on {pandoc['docs']} documents." if pandoc else "."),
        "",
        "| measure | time | rate / ratio | target |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += [
        "",
        "## Where the time goes",
        "",
        f"The PDF + DOCX batch spends {cpu_per_charter * 1000:.1f} ms of CPU per charter; 100 charters/s on"
        f" {f['threads']} cores needs {f['threads'] * 10} ms. Figures below are not regenerated: they were taken on",
        "2026-11-27 with `valgrind --tool=callgrind` on 20 charters (instructions, which the machine's load",
        "does not change), `perf`, and `charter build --timings` (Typst's own instrumentation).",
        "",
        "- The export used to be most of a PDF: krilla embedding four CJK font subsets. `perf` then showed",
        "  Flate ~22 %, CFF subsetting ~16 %, glyph bounding boxes ~7 % and the glyph check's coverage",
        "  lookups ~5 %. Patched copies of krilla and subsetter (vendor/README.md) now compile each font's",
        "  glyph programs once per run, measure bounding boxes on the original font, deflate font data with",
        "  run-length matching, and reuse one compressor per thread. A charter's PDF time fell by about",
        "  half, with files about 4 % larger. The floor uses the same export, so it gained as much (17.6 →",
        "  about 6–7 ms), and the template became the larger part of the difference between the two.",
        "- Typst's layout cache is what makes a batch cheap: a paragraph whose text, styles and region",
        "  repeat is not laid out again, and most clauses repeat from one organisation to the next. Two",
        "  things in formal.typ defeated it. First, the page styles captured the organisation's name, the",
        "  title and the number for the running header. Second, `set document` carried the title and",
        "  author. A set rule styles everything after it, so every paragraph's style chain differed per",
        "  charter. Now the header and footer read those texts from a `<charter-page>` metadata element,",
        "  and `set document` comes after the content. Also, the layout moved into its own module",
        "  (formal-layout.typ), which Typst evaluates once per run. callgrind: 109 M → 90 M instructions",
        "  a formal charter, against the floor's 65–67 M (about 1.35×). The output is byte-identical.",
        "- What remains is the running header and the page numbers. Typst lays out every page's header",
        "  and footer anew, because each sits at a location of its own. Reading the page counter costs a",
        "  second layout pass, and the page numbers bring a fifth font (宋体 regular). Without header and",
        "  footer a formal charter is 76 M instructions (1.17× the floor): 6.5 M is the header and 7 M the",
        "  footer with the second pass. The CPU-time ratio comes out above the instruction ratio",
        "  because formal runs more of Typst's code, and more of it misses the caches. callgrind's",
        "  cache simulation, per charter against the floor: L1 instruction misses 551 K against",
        "  238 K, L1 data misses 652 K against 414 K, last-level misses 34 K against 22 K. System time",
        "  adds to it: 1.3 s against 0.9 s per 1,000 charters. Deflate is still about 40 % of a formal",
        "  PDF's instructions.",
        "",
        "What was changed for speed: body text arrives broken into lines (the grid), so Typst neither",
        "justifies nor runs its optimal line breaker; a paragraph of plain text is one string; mimalloc keeps",
        "freed pages (purging them cost a third of the system time); the export patches above.",
        "",
        "How the numbers are taken: batches run `charter build --force -q` over the generated tree with",
        "`/usr/bin/time` (wall, CPU = user + system, peak RSS); the unchanged rebuild is the same command",
        "without `--force` right after; the one-thread figures are CPU seconds of `-j 1` PDF builds of the",
        "whole tree divided by the charters, formal and floor alternating, median of five (the ratio is",
        "of the medians; the range is that of the five formal/floor pairs); the cold single",
        "build is the median of five `charter build ONE.toml --format pdf --force` runs. The instruction",
        "figures are valgrind's callgrind counts of a one-thread PDF build of the first eleven",
        "organisations, less the first one alone, divided by ten. They do not move with the machine's load.",
        "On this 2-core virtual machine, CPU seconds of the same build vary by up to a tenth from run to",
        "run, and that variation carries straight into the time ratio.",
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    command = sys.argv[1]
    repo = pathlib.Path(__file__).resolve().parent.parent
    if command == "generate":
        generate(pathlib.Path(sys.argv[2]), int(sys.argv[3]), repo)
    elif command == "pandoc":
        print(json.dumps(pandoc_peer(pathlib.Path(sys.argv[2]), int(sys.argv[3]))))
    elif command == "report":
        report(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
    else:
        sys.exit(f"unknown command {command}")
