//! `charter volume`: an organisation's regulations bound into one volume.
//! The 目录's page numbers are checked against the pages pdftotext reads,
//! the outline against qpdf, the DOCX against LibreOffice and openxml-audit.

mod common;

use std::path::{Path, PathBuf};

use common::{
    docx_parts, is_page_number, libreoffice_text, require_tool, root, run_in, run_measured,
    scratch, squeeze, stderr, tool,
};

/// A scratch project: a copy of the examples' charters/ and, when `extra`
/// is set, an organisation `big` with that many regulations.
fn project(extra: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_tree(&root().join("charters"), &dir.path().join("charters"));
    if extra > 0 {
        let big = dir.path().join("charters/orgs/big");
        std::fs::create_dir_all(&big).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            big.join("org.toml"),
            "name = \"松石社区服务中心\"\nshort_name = \"中心\"\nname_en = \"Songshi Community Service Centre\"\ncode = \"SSCS\"\nphone = \"0571-5550-2048\"\nemail = \"office@songshi.example.org\"\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for k in 1..=extra {
            let topics = ["财务管理", "信息公开", "档案管理", "志愿者管理", "印章管理"];
            let topic = topics[k % topics.len()];
            std::fs::write(
                big.join(format!("reg{k:02}.toml")),
                format!(
                    "[charter]\nid = \"reg{k:02}\"\nextends = \"../../models/service-commitment.toml\"\ntitle = \"{topic}制度（第{k}部分）\"\nnumber = \"SSCS-ZD-2026-{k:03}\"\n"
                ),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Text of each page of a PDF (pdftotext, one call per page).
fn pages(pdf: &Path) -> Vec<String> {
    let (status, info) = tool("pdfinfo", &[&pdf.to_string_lossy()]);
    assert_eq!(status, 0, "{info}");
    let count: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count: {info}"));
    (1..=count)
        .map(|page| {
            let n = page.to_string();
            let (status, text) = tool(
                "pdftotext",
                &["-f", &n, "-l", &n, "-layout", &pdf.to_string_lossy(), "-"],
            );
            assert_eq!(status, 0, "{text}");
            text
        })
        .collect()
}

/// The printed page number of a page (its footer), if it has one.
fn printed_number(page: &str) -> Option<usize> {
    page.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .filter(|l| is_page_number(l))
        .and_then(|l| {
            // — N — or 第 N 页 共 M 页: the first number.
            let digits: String = squeeze(l)
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
}

/// The 目录's entries: (title with 编号, printed page) from its page(s).
fn contents(pages: &[String]) -> Vec<(String, usize)> {
    let toc = pages
        .iter()
        .position(|p| squeeze(p).starts_with("目录"))
        .unwrap_or_else(|| panic!("no 目录 page"));
    let mut entries = Vec::new();
    for page in &pages[toc..] {
        if printed_number(page).is_some() {
            break;
        }
        for line in page.lines() {
            let line = line.trim();
            let Some((text, number)) = line.rsplit_once(' ') else {
                continue;
            };
            let text = text.trim_end_matches(['·', ' ', '.']).trim();
            if let Ok(number) = number.parse::<usize>() {
                entries.push((text.to_string(), number));
            }
        }
    }
    entries
}

/// Outline titles as (depth, title), depth first.
fn outline(pdf: &Path) -> Vec<(usize, String)> {
    let (status, json) = tool(
        "qpdf",
        &["--json", "--json-key=outlines", &pdf.to_string_lossy()],
    );
    assert_eq!(status, 0, "{json}");
    let value: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    fn walk(items: &serde_json::Value, depth: usize, out: &mut Vec<(usize, String)>) {
        for item in items.as_array().into_iter().flatten() {
            out.push((depth, item["title"].as_str().unwrap_or("").to_string()));
            walk(&item["kids"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&value["outlines"], 0, &mut out);
    out
}

/// The resolved documents of the charters of `folder`, by title.
fn resolved(dir: &Path, folder: &str) -> Vec<serde_json::Value> {
    let out = dir.join(format!("json-{}", folder.replace('/', "-")));
    let output = run_in(
        dir,
        &[
            "build",
            folder,
            "--format",
            "json",
            "-o",
            &out.to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut docs = Vec::new();
    for org in std::fs::read_dir(&out).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(org.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let text = std::fs::read_to_string(file.path()).unwrap_or_default();
            docs.push(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}")));
        }
    }
    docs
}

fn volume_files(dir: &Path, org: &str) -> (PathBuf, PathBuf) {
    let stem = dir.join("out").join(org).join(format!("{org}-volume"));
    (stem.with_extension("pdf"), stem.with_extension("docx"))
}

/// Checks a built volume: each regulation's title on the page the 目录
/// names, continuous numbers, the outline, and the DOCX's 目录 field.
fn check_volume(dir: &Path, org: &str, docs: &[serde_json::Value]) {
    let (pdf, docx) = volume_files(dir, org);
    let pages = pages(&pdf);
    let entries = contents(&pages);
    assert_eq!(entries.len(), docs.len(), "目录 entries: {entries:?}");
    // The body: the first page with a printed number is 1, every later
    // numbered page its physical distance from it plus one.
    let first = pages
        .iter()
        .position(|p| printed_number(p).is_some())
        .unwrap_or_else(|| panic!("no numbered page"));
    assert_eq!(printed_number(&pages[first]), Some(1));
    let mut numbered = 0;
    for (offset, page) in pages[first..].iter().enumerate() {
        if let Some(n) = printed_number(page) {
            assert_eq!(n, offset + 1, "page {} of the PDF", first + offset + 1);
            numbered += 1;
        }
    }
    assert!(
        numbered * 10 >= (pages.len() - first) * 8,
        "most body pages are numbered"
    );
    for (entry, number) in &entries {
        let page = &pages[first + number - 1];
        let doc = docs
            .iter()
            .find(|d| squeeze(entry).starts_with(&squeeze(d["title"].as_str().unwrap_or("-"))))
            .unwrap_or_else(|| panic!("目录 entry {entry:?} names no charter"));
        let title = doc["title"].as_str().unwrap_or("");
        assert!(
            squeeze(page).contains(&squeeze(title)),
            "page {number} (目录: {entry}) does not show {title}:\n{page}"
        );
        if let Some(code) = doc["number"].as_str() {
            assert!(
                squeeze(entry).contains(code),
                "{entry} lacks its 编号 {code}"
            );
        }
        // The page before is the previous regulation's or blank: a
        // regulation starts on a recto (odd) page.
        assert_eq!((first + number) % 2, 1, "{title} starts on a verso page");
    }
    // Outline: the volume, then 目录 and every regulation, each with its
    // sections under it.
    let outline = outline(&pdf);
    assert_eq!(
        outline.iter().filter(|(d, _)| *d == 0).count(),
        1,
        "{outline:?}"
    );
    for doc in docs {
        let title = doc["title"].as_str().unwrap_or("");
        let at = outline
            .iter()
            .position(|(d, t)| *d == 1 && t == title)
            .unwrap_or_else(|| panic!("{title} not in the outline: {outline:?}"));
        let sections = doc["sections"].as_array().map_or(0, Vec::len);
        let kids = outline[at + 1..]
            .iter()
            .take_while(|(d, _)| *d > 1)
            .filter(|(d, _)| *d == 2)
            .count();
        assert_eq!(kids, sections, "{title}'s sections in the outline");
    }
    // DOCX: a TOC field whose cached entries carry the PDF's page numbers.
    let parts = docx_parts(&docx);
    let document = String::from_utf8_lossy(&parts["word/document.xml"]).into_owned();
    assert!(document.contains("TOC \\h \\z \\t"), "no TOC field");
    assert!(
        document.contains("w:val=\"oddPage\""),
        "regulations start on odd pages"
    );
    let toc = document
        .split("<w:pStyle w:val=\"TOC1\"/>")
        .skip(1)
        .map(|p| p.split("</w:p>").next().unwrap_or(""))
        .map(|p| {
            p.split("<w:t")
                .skip(1)
                .filter_map(|t| {
                    t.split_once('>')
                        .map(|(_, r)| r.split("</w:t>").next().unwrap_or(""))
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>();
    assert_eq!(toc.len(), entries.len(), "{toc:?}");
    for ((pdf_entry, number), docx_entry) in entries.iter().zip(&toc) {
        assert!(
            squeeze(docx_entry).ends_with(&number.to_string())
                && squeeze(docx_entry).starts_with(&squeeze(pdf_entry)),
            "DOCX 目录 {docx_entry:?} against the PDF's {pdf_entry:?} {number}"
        );
    }
    // Each regulation's section names its own header and footers.
    for kind in ["w:headerReference", "w:footerReference"] {
        let even = document
            .matches(&format!("<{kind} w:type=\"even\""))
            .count();
        assert!(
            even >= docs.len(),
            "{even} even {kind}s for {} regulations",
            docs.len()
        );
    }
    let sections = document.matches("<w:sectPr").count();
    assert_eq!(
        sections,
        docs.len() + 2,
        "a section for the cover, the 目录 and each regulation"
    );
}

#[test]
fn a_volume_of_the_examples() {
    if !require_tool("pdftotext") || !require_tool("qpdf") {
        return;
    }
    let dir = project(0);
    let output = run_in(dir.path(), &["volume", "charters/orgs/qingshan"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let docs = resolved(dir.path(), "charters/orgs/qingshan");
    assert_eq!(docs.len(), 2);
    check_volume(dir.path(), "qingshan", &docs);
    // Every other organisation binds too (one regulation each).
    for org in ["hexi", "lanting", "luzhou"] {
        let output = run_in(dir.path(), &["volume", &format!("charters/orgs/{org}")]);
        assert_eq!(output.status.code(), Some(0), "{org}: {}", stderr(&output));
        let docs = resolved(dir.path(), &format!("charters/orgs/{org}"));
        check_volume(dir.path(), org, &docs);
    }
}

#[test]
fn twenty_regulations_in_order_of_their_numbers() {
    if !require_tool("pdftotext") || !require_tool("qpdf") {
        return;
    }
    let dir = project(20);
    let started = std::time::Instant::now();
    let output = run_in(dir.path(), &["volume", "charters/orgs/big"]);
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    println!("20-regulation volume: {seconds:.2} s (scripts/bench-volume.sh measures it)");
    let docs = resolved(dir.path(), "charters/orgs/big");
    assert_eq!(docs.len(), 20);
    check_volume(dir.path(), "big", &docs);
    let (pdf, _) = volume_files(dir.path(), "big");
    let entries = contents(&pages(&pdf));
    let numbers: Vec<String> = entries
        .iter()
        .filter_map(|(e, _)| e.split_whitespace().last().map(str::to_string))
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted, "by 编号");
}

#[test]
fn libreoffice_reads_every_regulation_and_openxml_audit_is_clean() {
    if !require_tool("soffice") || !require_tool("openxml-audit") {
        return;
    }
    let dir = project(0);
    let output = run_in(
        dir.path(),
        &["volume", "charters/orgs/qingshan", "--format", "docx"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, docx) = volume_files(dir.path(), "qingshan");
    let text = libreoffice_text(std::slice::from_ref(&docx)).remove(0);
    let text = squeeze(&text);
    let mut docs = resolved(dir.path(), "charters/orgs/qingshan");
    // In the volume's order: by 编号.
    docs.sort_by_key(|d| d["number"].as_str().unwrap_or("").to_string());
    let mut all = Vec::new();
    for doc in &docs {
        let pieces = common::reading_order(doc);
        // The title is printed with the organisation's name in front.
        all.extend(
            pieces
                .into_iter()
                .skip(1)
                .filter(|p| !p.starts_with("附件")),
        );
    }
    common::assert_in_order(&text, &all, "LibreOffice's text of the volume DOCX");
    let (status, report) = tool("openxml-audit", &[&docx.to_string_lossy()]);
    assert_eq!(status, 0, "openxml-audit: {report}");
}

#[test]
fn volume_toml_chooses_the_charters_and_their_order() {
    let dir = project(0);
    let folder = dir.path().join("charters/orgs/qingshan");
    std::fs::write(
        folder.join("volume.toml"),
        "title = \"青山社会工作服务中心制度汇编\"\ndate = 2026-01-15\ncharters = [\"service-commitment\", \"articles\"]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        dir.path(),
        &["volume", "charters/orgs/qingshan", "-o", "v.pdf"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !dir.path().join("v.docx").exists(),
        "-o FILE.pdf writes the PDF only"
    );
    if require_tool("pdftotext") {
        let pages = pages(&dir.path().join("v.pdf"));
        assert!(squeeze(&pages[0]).contains("青山社会工作服务中心制度汇编"));
        assert!(squeeze(&pages[0]).contains("2026年1月15日"), "{}", pages[0]);
        let entries = contents(&pages);
        assert!(entries[0].0.starts_with("服务承诺制度"), "{entries:?}");
        assert!(
            entries[1].0.starts_with("青山社会工作服务中心章程"),
            "{entries:?}"
        );
    }
    // An unknown charter is an error at its place in volume.toml; nothing is written.
    std::fs::write(
        folder.join("volume.toml"),
        "charters = [\"articles\", \"service-comitment\"]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        dir.path(),
        &["volume", "charters/orgs/qingshan", "-o", "w.pdf"],
    );
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("volume.toml:1:25"), "{message}");
    assert!(
        message.contains("did you mean \"service-commitment\"?"),
        "{message}"
    );
    assert!(!dir.path().join("w.pdf").exists());
    // A control character in the title (Word refuses such a DOCX) is an
    // error at its place.
    std::fs::write(folder.join("volume.toml"), "title = \"制度\\u0007汇编\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        dir.path(),
        &["volume", "charters/orgs/qingshan", "-o", "w.docx"],
    );
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("volume.toml:1:9"), "{message}");
    assert!(message.contains("U+0007"), "{message}");
    assert!(!dir.path().join("w.docx").exists());
    // A volume.toml leading out of the project is refused without being read.
    std::fs::remove_file(folder.join("volume.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("/etc/passwd", folder.join("volume.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(
        dir.path(),
        &["volume", "charters/orgs/qingshan", "-o", "x.pdf"],
    );
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("outside the project folder"), "{message}");
    assert!(!message.contains("root:"), "{message}");
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn a_failing_charter_or_an_empty_folder_writes_nothing() {
    let dir = project(0);
    let folder = dir.path().join("charters/orgs/qingshan");
    let charter = folder.join("articles.toml");
    let text = std::fs::read_to_string(&charter).unwrap_or_default();
    std::fs::write(
        &charter,
        text.replacen("[charter]", "[charter]\ntitel = \"x\"", 1),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(dir.path(), &["volume", "charters/orgs/qingshan"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("articles.toml:"), "{message}");
    assert!(message.contains("the volume is not written"), "{message}");
    assert!(!dir.path().join("out/qingshan").exists());

    std::fs::create_dir_all(dir.path().join("empty")).unwrap_or_else(|e| panic!("{e}"));
    let output = run_in(dir.path(), &["volume", "empty"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no charters in empty"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_volume_too_large_to_typeset_is_refused_with_a_message() {
    // Each charter is under the 4 MB a PDF may typeset; together they are not.
    let clause = "本单位依照章程开展活动并接受监督。".repeat(18_000);
    let mut files = vec![("big/org.toml".to_string(), common::ORG.to_string())];
    for k in 1..=2 {
        let mut text = format!(
            "[charter]\nid = \"big{k}\"\ntitle = \"制度{k}\"\nnumbering = \"gbt9704\"\n\n[[section]]\nid = \"s\"\ntitle = \"总则\"\n"
        );
        for c in 1..=3 {
            text.push_str(&format!(
                "\n  [[section.clause]]\n  id = \"c{c}\"\n  text = \"{clause}\"\n"
            ));
        }
        files.push((format!("big/big{k}.toml"), text));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = common::scratch(&refs);
    let output = run_in(dir.path(), &["volume", "big", "-o", "v.pdf"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("too much to typeset in one PDF"),
        "{message}"
    );
    assert!(!dir.path().join("v.pdf").exists());
}

#[test]
fn an_unchanged_volume_is_not_rebuilt() {
    let dir = project(0);
    let run = || {
        run_in(
            dir.path(),
            &["volume", "charters/orgs/hexi", "--format", "pdf"],
        )
    };
    let output = run();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (pdf, _) = volume_files(dir.path(), "hexi");
    let first = std::fs::read(&pdf).unwrap_or_default();
    let output = run();
    assert!(stderr(&output).contains("unchanged"), "{}", stderr(&output));
    // A changed charter rebuilds it, with the same bytes when the text is the same.
    let charter = dir
        .path()
        .join("charters/orgs/hexi/service-commitment.toml");
    let text = std::fs::read_to_string(&charter).unwrap_or_default();
    std::fs::write(&charter, format!("{text}\n# a comment\n")).unwrap_or_else(|e| panic!("{e}"));
    let output = run();
    assert!(stderr(&output).contains("wrote"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(&pdf).unwrap_or_default(),
        first,
        "same volume, same bytes"
    );
}

/// A volume holds memory in proportion to what it binds: each regulation
/// costs the same whether it is the 100th or the 600th (a query over every
/// regulation on every page once made 600 cost 3.5 GB).
#[test]
fn volume_memory_grows_linearly_with_the_charters_bound() {
    if !require_tool("/usr/bin/time") {
        return;
    }
    let mut peaks = Vec::new();
    for count in [100usize, 300, 600] {
        let dir = scratch(&[(
            "org/org.toml",
            "name = \"卷册测试中心\"\nshort_name = \"中心\"\ncode = \"JC\"\n",
        )]);
        for i in 0..count {
            let text = format!(
                "[charter]\nid = \"c{i}\"\ntitle = \"第{i}号制度\"\nnumber = \"JC-ZD-{i:04}\"\nnumbering = \"articles\"\n\n[[section]]\ntitle = \"总则\"\n  [[section.clause]]\n  text = \"为规范工作，制定本制度。本制度适用于中心全体工作人员和志愿者。\"\n  [[section.clause]]\n  text = \"本制度自发布之日起施行。\"\n\n[approval]\nbody = \"理事会\"\nterm = 1\nsession = 2\ndate = 2026-01-10\n"
            );
            std::fs::write(dir.path().join(format!("org/c{i}.toml")), text).unwrap_or_default();
        }
        let (status, err, took, memory) =
            run_measured(dir.path(), &["volume", "org", "-o", "v.pdf", "-q"]);
        assert_eq!(status, 0, "{err}");
        let memory = memory.unwrap_or_else(|| panic!("no memory figure"));
        println!(
            "volume of {count}: {memory:.0} MB, {:.1} s",
            took.as_secs_f64()
        );
        peaks.push((count as f64, memory));
    }
    // MB per charter from 100 to 300 and from 300 to 600: the same, give or
    // take the allocator's steps.
    let first = (peaks[1].1 - peaks[0].1) / (peaks[1].0 - peaks[0].0);
    let second = (peaks[2].1 - peaks[1].1) / (peaks[2].0 - peaks[1].0);
    assert!(
        second <= first * 1.5 + 0.2,
        "memory per charter grows: {first:.2} MB then {second:.2} MB ({peaks:?})"
    );
    assert!(
        peaks[2].1 < 1024.0,
        "600 charters take {:.0} MB",
        peaks[2].1
    );
}
