#!/usr/bin/env python3
"""Helpers for scripts/bench.sh: generate fictional organisations, run the
peers (bare Typst via the `typst` PyPI package; pandoc + LibreOffice), and
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
    """`count` organisations, each with a 服务承诺制度 extending the example model."""
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


def typst_peer(json_dir: pathlib.Path, repo: pathlib.Path, count: int) -> dict:
    """The bare Typst compile of our formal template with the same data."""
    import typst

    work = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / "charter-bench-typst"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    shutil.copy(repo / "templates/formal.typ", work / "formal.typ")
    shutil.copy(repo / "templates/formal.toml", work / "formal.toml")
    docs = sorted(json_dir.glob("*/service-commitment.json"))[:count]
    fonts = [str(repo / "fonts")]
    # Cold: the first compile in a fresh process (import time excluded).
    shutil.copy(docs[0], work / "charter.json")
    start = time.perf_counter()
    typst.compile(str(work / "formal.typ"), root=str(work), font_paths=fonts)
    cold = time.perf_counter() - start
    compiler = typst.Compiler(str(work / "formal.typ"), root=str(work), font_paths=fonts)
    compiler.compile()  # warm up
    times = []
    for doc in docs:
        shutil.copy(doc, work / "charter.json")
        start = time.perf_counter()
        compiler.compile()
        times.append(time.perf_counter() - start)
    return {"cold_s": cold, "per_doc_s": statistics.median(times), "mean_s": statistics.mean(times), "docs": len(docs)}


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
    ours_doc = f["serial_pdf"]["wall_s"] / n
    typst_doc = f["typst"]["per_doc_s"]
    pandoc_doc = f["pandoc"]["per_doc_s"]
    unchanged_ratio = f["unchanged"]["wall_s"] / batch["wall_s"]

    def ok(flag):
        return "met" if flag else "**not met**"

    rows = [
        ("Batch, PDF + DOCX of every charter", f"{batch['wall_s']:.2f} s", f"{n / batch['wall_s']:.0f} charters/s", f"≥ 100 charters/s: {ok(n / batch['wall_s'] >= 100)}"),
        ("Batch, PDF only", f"{pdf['wall_s']:.2f} s", f"{n / pdf['wall_s']:.0f} charters/s", f"≥ 100/s: {ok(n / pdf['wall_s'] >= 100)}"),
        ("Batch, DOCX only", f"{docx['wall_s']:.2f} s", f"{n / docx['wall_s']:.0f} charters/s", f"≥ 100/s: {ok(n / docx['wall_s'] >= 100)}"),
        ("Peak memory of the PDF + DOCX batch", f"{batch['rss_mb']:.0f} MB", "", f"≤ 400 MB: {ok(batch['rss_mb'] <= 400)}"),
        ("Unchanged-tree rebuild", f"{f['unchanged']['wall_s']:.2f} s", f"{unchanged_ratio * 100:.1f} % of the full build", f"≤ 5 %: {ok(unchanged_ratio <= 0.05)}"),
        ("Cold single build (process start to PDF written)", f"{f['cold']['median_s'] * 1000:.0f} ms", f"{f['cold']['median_s'] / f['typst']['cold_s']:.2f}× bare Typst's first compile", f"≤ 0.2 s: {ok(f['cold']['median_s'] <= 0.2)}"),
        ("Per document, one thread, PDF (ours)", f"{ours_doc * 1000:.1f} ms", f"{ours_doc / typst_doc:.2f}× bare Typst", f"≤ 1.3×: {ok(ours_doc / typst_doc <= 1.3)}"),
        ("Per document, bare Typst compile (typst-py, warm)", f"{typst_doc * 1000:.1f} ms", "1.00×", ""),
        ("Per document, pandoc → DOCX → LibreOffice → PDF", f"{pandoc_doc * 1000:.0f} ms", f"{pandoc_doc / (batch['wall_s'] / n):.0f}× our batch per charter", ""),
    ]
    lines = [
        "# Performance",
        "",
        "Regenerated by `scripts/bench.sh` (do not edit by hand). All figures come from one run on one machine;",
        "ratios compare runs made in that same run.",
        "",
        f"- Machine: {f['machine']}",
        f"- Corpus: {n} fictional organisations generated from `charters/models/service-commitment.toml`",
        f"  ({f['pages']} pages per charter: 8 sections, 31 clauses; gbt9704 and arabic numbering).",
        f"- charter {f['version']}, {f['threads']} worker threads; peers: typst-py {f['typst_version']} (Typst 0.15, same",
        f"  template, data and fonts), pandoc {f['pandoc_version']} and LibreOffice {f['soffice_version']}"
        f" (on {f['pandoc']['docs']} documents, one soffice run for all).",
        "",
        "| measure | time | rate / ratio | target |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += [
        "",
        "Per-stage timings (criterion, `cargo bench --bench stages`) are in `target/criterion/`.",
        "",
        "## Why the PDF rate stays under 100 charters/s",
        "",
        f"Bare Typst takes {typst_doc * 1000:.1f} ms per document here, so on {f['threads']} cores no Typst-based build can",
        f"exceed {f['threads'] / typst_doc:.0f} PDFs/s; 100 charters/s with PDF and DOCX needs under"
        f" {f['threads'] * 10} ms of CPU per charter",
        "for both. A profile of the one-thread PDF batch (`perf`, 2026-11, not regenerated) puts about half of",
        "the time in typst-pdf/krilla embedding the four CJK font subsets of each document (CFF subsetting",
        "~20 %, Flate at level 6 ~22 %, per-glyph bounding boxes ~10 %) and about 28 % in Typst layout.",
        "A patched krilla (Flate level 1, the font's own bounding box) measured only ~10 % faster, so it was",
        "not adopted; font subsets differ per organisation (names, addresses), which rules out caching them.",
        "",
        "How the numbers are taken: batches run `charter build --force -q` over the generated tree with",
        "`/usr/bin/time` for wall time and peak RSS; the unchanged rebuild is the same command without",
        "`--force` right after; the cold single build is the median of five `charter build ONE.toml --format pdf --force`",
        "runs; the per-document PDF time is a one-thread PDF batch divided by the charters; bare Typst compiles",
        "`templates/formal.typ` with each charter's resolved JSON in one warm `typst.Compiler` (the median is shown).",
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    command = sys.argv[1]
    repo = pathlib.Path(__file__).resolve().parent.parent
    if command == "generate":
        generate(pathlib.Path(sys.argv[2]), int(sys.argv[3]), repo)
    elif command == "typst":
        print(json.dumps(typst_peer(pathlib.Path(sys.argv[2]), repo, int(sys.argv[3]))))
    elif command == "pandoc":
        print(json.dumps(pandoc_peer(pathlib.Path(sys.argv[2]), int(sys.argv[3]))))
    elif command == "report":
        report(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]))
    else:
        sys.exit(f"unknown command {command}")
