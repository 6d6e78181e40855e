//! `charter serve`'s API against the release binary on a copy of charters/:
//! loopback only, the Host and Origin checks, If-Match, paths that try to
//! leave the folder, size limits, and the schema in docs/.

mod common;
mod studio_support;

use std::path::Path;

use serde_json::json;
use studio_support::{Server, get, project, request};

const QINGSHAN: &str = "orgs/qingshan/service-commitment.toml";

fn read(dir: &Path, relative: &str) -> Vec<u8> {
    std::fs::read(dir.join("charters").join(relative)).unwrap_or_default()
}

#[test]
fn listens_on_loopback_only_and_prints_the_url_first() {
    let dir = project();
    let server = Server::start(dir.path());
    // Every listening socket on the studio's port is bound to 127.0.0.1.
    let port_hex = format!(":{:04X}", server.port);
    let mut bound = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        for line in std::fs::read_to_string(table)
            .unwrap_or_default()
            .lines()
            .skip(1)
        {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // st 0A: LISTEN
            if fields.len() > 3 && fields[1].ends_with(&port_hex) && fields[3] == "0A" {
                bound.push(fields[1].to_string());
            }
        }
    }
    assert!(
        !bound.is_empty() || !Path::new("/proc/net/tcp").exists(),
        "no listener found"
    );
    for address in &bound {
        assert_eq!(
            address,
            &format!("0100007F{port_hex}"),
            "listens on {address}, not 127.0.0.1"
        );
    }
    // And a connection to this machine's other addresses is refused.
    let probe = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|_| s))
        .and_then(|s| s.local_addr());
    if let Ok(local) = probe
        && !local.ip().is_loopback()
        && !local.ip().is_unspecified()
    {
        let other = std::net::SocketAddr::new(local.ip(), server.port);
        let connected =
            std::net::TcpStream::connect_timeout(&other, std::time::Duration::from_secs(2));
        assert!(connected.is_err(), "the studio answers on {other}");
    }
    assert_eq!(get(&server, "/").status, 200);
}

#[test]
fn requests_must_name_the_studio_as_host() {
    let dir = project();
    let server = Server::start(dir.path());
    let port = server.port;
    let evil = format!("evil.example:{port}");
    let answer = request(port, "GET", "/api/charters", &[("Host", &evil)], b"");
    assert_eq!(answer.status, 403, "{}", answer.text());
    let other_port = format!("127.0.0.1:{}", port.wrapping_add(1));
    assert_eq!(
        request(port, "GET", "/", &[("Host", &other_port)], b"").status,
        403
    );
    let localhost = format!("localhost:{port}");
    assert_eq!(
        request(port, "GET", "/api/charters", &[("Host", &localhost)], b"").status,
        200
    );
    let missing = request(port, "GET", "/api/charters", &[], b"");
    assert!(
        matches!(missing.status, 400 | 403),
        "without Host: {}",
        missing.status
    );
}

#[test]
fn lists_every_charter_with_title_org_and_status() {
    let dir = project();
    let server = Server::start(dir.path());
    let list = get(&server, "/api/charters").json();
    let list = list.as_array().cloned().unwrap_or_default();
    let entry = |path: &str| {
        list.iter()
            .find(|c| c["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("{path} not listed: {list:?}"))
    };
    let qingshan = entry(QINGSHAN);
    assert_eq!(qingshan["title"], "服务承诺制度");
    assert_eq!(qingshan["org"], "青山社会工作服务中心");
    assert_eq!(qingshan["number"], "QSSW-ZD-2025-004");
    assert_eq!(qingshan["version"], "2.0");
    assert_eq!(qingshan["status"], "ok");
    assert_eq!(entry("models/service-commitment.toml")["model"], true);
    assert_eq!(
        entry("orgs/luzhou/constitution.toml")["title"],
        "鹭洲社区邻里互助协会章程"
    );
    assert!(
        list.iter().all(|c| c["path"] != "orgs/qingshan/org.toml"),
        "org.toml is not a charter"
    );
}

#[test]
fn downloads_the_organisations_volume() {
    let dir = project();
    let server = Server::start(dir.path());
    let pdf = get(&server, "/api/volume/orgs/qingshan/org.toml?format=pdf");
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-"));
    let docx = get(&server, "/api/volume/orgs/qingshan/org.toml?format=docx");
    assert_eq!(docx.status, 200, "{}", docx.text());
    assert!(docx.body.starts_with(b"PK"));
    assert!(
        docx.header("content-disposition")
            .is_some_and(|d| d.contains("qingshan-volume.docx")),
        "{:?}",
        docx.headers
    );
    // Nothing is written into the served folder, and no path leads out.
    assert!(!dir.path().join("out").exists());
    for target in [
        "/api/volume/../etc/passwd.toml",
        "/api/volume/%2e%2e/%2e%2e/x.toml",
        "/api/volume//etc/x.toml",
    ] {
        let answer = get(&server, target);
        assert!(
            [403, 404].contains(&answer.status),
            "{target}: {}",
            answer.status
        );
    }
}

#[test]
fn saves_need_the_studio_origin_and_the_current_etag() {
    let dir = project();
    let server = Server::start(dir.path());
    let (host, origin) = (server.host(), server.origin());
    let target = format!("/api/charters/{QINGSHAN}");
    let original = read(dir.path(), QINGSHAN);
    let opened = get(&server, &target);
    assert_eq!(opened.status, 200);
    let etag = opened.header("ETag").unwrap_or_default().to_string();
    assert_eq!(
        opened.json()["source"].as_str().map(str::as_bytes),
        Some(original.as_slice())
    );
    let edited =
        String::from_utf8_lossy(&original).replace("三个工作日", "两个工作日") + "# 注释留着\n";

    // Another site's page, or no page at all: refused, file untouched.
    for origin_header in [
        vec![("Origin", "http://evil.example")],
        vec![("Origin", "null")],
        vec![],
    ] {
        let mut headers = vec![("Host", host.as_str()), ("If-Match", etag.as_str())];
        headers.extend(origin_header);
        let answer = request(server.port, "PUT", &target, &headers, edited.as_bytes());
        assert_eq!(answer.status, 403, "{headers:?}: {}", answer.text());
        assert_eq!(read(dir.path(), QINGSHAN), original, "the file changed");
    }
    // No If-Match: 428; a stale one: 409; both leave the file alone.
    let answer = request(
        server.port,
        "PUT",
        &target,
        &[("Host", &host), ("Origin", &origin)],
        edited.as_bytes(),
    );
    assert_eq!(answer.status, 428, "{}", answer.text());
    let stale = "\"00000000000000000000000000000000\"";
    let answer = request(
        server.port,
        "PUT",
        &target,
        &[("Host", &host), ("Origin", &origin), ("If-Match", stale)],
        edited.as_bytes(),
    );
    assert_eq!(answer.status, 409, "{}", answer.text());
    assert!(
        answer.text().contains("changed on disk"),
        "{}",
        answer.text()
    );
    assert_eq!(read(dir.path(), QINGSHAN), original);

    // The right ETag: saved byte for byte; the old ETag is stale afterwards.
    let answer = request(
        server.port,
        "PUT",
        &target,
        &[("Host", &host), ("Origin", &origin), ("If-Match", &etag)],
        edited.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(read(dir.path(), QINGSHAN), edited.as_bytes());
    let new_etag = answer.header("ETag").unwrap_or_default().to_string();
    assert_ne!(new_etag, etag);
    assert_eq!(
        get(&server, &target).header("ETag"),
        Some(new_etag.as_str())
    );
    let again = request(
        server.port,
        "PUT",
        &target,
        &[("Host", &host), ("Origin", &origin), ("If-Match", &etag)],
        b"[charter]\n",
    );
    assert_eq!(again.status, 409);
    assert_eq!(read(dir.path(), QINGSHAN), edited.as_bytes());
    // A change on disk makes the page's ETag stale too.
    std::fs::write(
        dir.path().join("charters").join(QINGSHAN),
        b"# changed elsewhere\n",
    )
    .ok();
    let answer = request(
        server.port,
        "PUT",
        &target,
        &[
            ("Host", &host),
            ("Origin", &origin),
            ("If-Match", &new_etag),
        ],
        edited.as_bytes(),
    );
    assert_eq!(answer.status, 409);
    assert_eq!(read(dir.path(), QINGSHAN), b"# changed elsewhere\n");
}

#[test]
fn paths_never_leave_the_served_folder() {
    let dir = project();
    std::fs::write(
        dir.path().join("secret.toml"),
        "password = \"SECRET-OUTSIDE\"\n",
    )
    .ok();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            dir.path().join("secret.toml"),
            dir.path().join("charters/link.toml"),
        )
        .ok();
        std::os::unix::fs::symlink("/etc", dir.path().join("charters/etc")).ok();
    }
    let server = Server::start(dir.path());
    let (host, origin) = (server.host(), server.origin());
    let abs = dir
        .path()
        .join("secret.toml")
        .to_string_lossy()
        .into_owned();
    let targets = [
        "../secret.toml".to_string(),
        "%2e%2e/secret.toml".to_string(),
        "..%2fsecret.toml".to_string(),
        "orgs/../../secret.toml".to_string(),
        "orgs/%2E%2E/%2E%2E/secret.toml".to_string(),
        format!("/{abs}"),
        abs.replace('/', "%2F"),
        "link.toml".to_string(),
        "etc/passwd".to_string(),
        "%2Fetc%2Fpasswd".to_string(),
        "..\\secret.toml".to_string(),
    ];
    for api in ["charters", "download", "org", "survey", "redline"] {
        for target in &targets {
            let url = format!("/api/{api}/{target}");
            let answer = request(server.port, "GET", &url, &[("Host", &host)], b"");
            assert!(
                matches!(answer.status, 400 | 403 | 404),
                "{url}: {} {}",
                answer.status,
                answer.text()
            );
            assert!(
                !answer.text().contains("SECRET-OUTSIDE"),
                "{url} served the file"
            );
            assert!(!answer.text().contains("root:"), "{url} served /etc/passwd");
        }
    }
    for target in &targets {
        let url = format!("/api/charters/{target}");
        let answer = request(
            server.port,
            "PUT",
            &url,
            &[("Host", &host), ("Origin", &origin), ("If-Match", "*")],
            b"overwritten = true\n",
        );
        assert!(
            matches!(answer.status, 400 | 403 | 404),
            "PUT {url}: {}",
            answer.status
        );
    }
    let preview = format!("{{\"path\": \"{abs}\", \"source\": \"\"}}");
    let answer = request(
        server.port,
        "POST",
        "/api/preview",
        &[
            ("Host", &host),
            ("Origin", &origin),
            ("Content-Type", "application/json"),
        ],
        preview.as_bytes(),
    );
    assert_eq!(answer.status, 403, "{}", answer.text());
    // A path written inside the edited charter that leads out of the
    // served folder (into the project around it) is refused unread, and
    // the answer names it relative to the folder, never by its place on disk.
    let source = "[charter]\nid = \"x\"\nextends = \"../../../secret.toml\"\n";
    let body = json!({ "path": QINGSHAN, "source": source }).to_string();
    let answer = request(
        server.port,
        "POST",
        "/api/preview",
        &[
            ("Host", &host),
            ("Origin", &origin),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    );
    let text = answer.text();
    assert_eq!(answer.status, 200, "{text}");
    assert!(
        !text.contains("SECRET-OUTSIDE"),
        "the file was read: {text}"
    );
    assert!(text.contains("outside"), "refused: {text}");
    let root = dir.path().canonicalize().unwrap_or_default();
    assert!(
        !text.contains(&*root.to_string_lossy()),
        "an absolute path in the answer: {text}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("secret.toml")).unwrap_or_default(),
        "password = \"SECRET-OUTSIDE\"\n"
    );
}

#[test]
fn bodies_are_limited_and_bad_requests_do_not_stop_the_server() {
    let dir = project();
    let server = Server::start(dir.path());
    let (host, origin) = (server.host(), server.origin());
    let big = vec![b'#'; 9 * 1024 * 1024];
    let answer = request(
        server.port,
        "PUT",
        &format!("/api/charters/{QINGSHAN}"),
        &[("Host", &host), ("Origin", &origin), ("If-Match", "*")],
        &big,
    );
    assert_eq!(answer.status, 413);
    // Every error answer is the JSON the API documents, 413 included.
    let error = answer.json();
    assert!(
        error["error"].as_str().is_some_and(|e| e.contains("MB"))
            && error["hint"].as_str().is_some(),
        "{}",
        answer.text()
    );
    let original = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("charters")
            .join(QINGSHAN),
    )
    .unwrap_or_default();
    assert_eq!(read(dir.path(), QINGSHAN), original);
    for body in [&b"{"[..], b"[]", b"{\"path\": 5}", b"\xff\xfe"] {
        let answer = request(
            server.port,
            "POST",
            "/api/preview",
            &[
                ("Host", &host),
                ("Origin", &origin),
                ("Content-Type", "application/json"),
            ],
            body,
        );
        assert!(
            (400..500).contains(&answer.status),
            "{body:?}: {}",
            answer.status
        );
        assert!(
            answer.json()["error"].is_string(),
            "{body:?}: not JSON: {}",
            answer.text()
        );
    }
    assert_eq!(get(&server, "/api/charters").status, 200, "still serving");
}

#[test]
fn preview_gives_diagnostics_outline_and_pages() {
    let dir = project();
    let server = Server::start(dir.path());
    let (host, origin) = (server.host(), server.origin());
    let text = String::from_utf8_lossy(&read(dir.path(), QINGSHAN))
        .replace("respondent =", "respondant =");
    let line = text
        .lines()
        .position(|l| l.starts_with("respondant"))
        .map(|n| n + 1);
    let body = serde_json::json!({ "path": QINGSHAN, "source": text, "inline": true }).to_string();
    let post = |body: &str| {
        request(
            server.port,
            "POST",
            "/api/preview",
            &[
                ("Host", &host),
                ("Origin", &origin),
                ("Content-Type", "application/json"),
            ],
            body.as_bytes(),
        )
        .json()
    };
    let answer = post(&body);
    let typo = answer["diagnostics"]
        .as_array()
        .and_then(|list| {
            list.iter().find(|d| {
                d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("respondant"))
            })
        })
        .cloned()
        .unwrap_or_else(|| panic!("no diagnostic for the typo: {answer}"));
    assert_eq!(typo["line"].as_u64().map(|l| l as usize), line);
    assert_eq!(typo["column"], 1);
    assert_eq!(typo["here"], true);
    assert!(
        typo["hint"]
            .as_str()
            .is_some_and(|h| h.contains("respondent")),
        "{typo}"
    );
    assert!(
        typo["source_line"]
            .as_str()
            .is_some_and(|l| l.starts_with("respondant"))
    );
    assert!(answer["pages"].is_null(), "an error stops the preview");

    // Fixed: outline with lines, pages as SVG, nothing written to disk.
    let fixed = text
        .replace("respondant =", "respondent =")
        .replace("服务对象满意度调查问卷", "满意度问卷");
    let answer =
        post(&serde_json::json!({ "path": QINGSHAN, "source": fixed, "inline": true }).to_string());
    assert_eq!(answer["ok"], true, "{}", answer["diagnostics"]);
    let outline = answer["outline"].as_array().cloned().unwrap_or_default();
    let questionnaire = outline
        .iter()
        .find(|h| h["text"] == "满意度问卷")
        .unwrap_or_else(|| panic!("{outline:?}"));
    let title_line = fixed
        .lines()
        .position(|l| l == "title = \"满意度问卷\"")
        .map(|n| n as u64 + 1);
    assert_eq!(questionnaire["line"].as_u64(), title_line);
    assert!(outline.iter().any(|h| h["label"] == "一、"), "{outline:?}");
    let pages = answer["pages"].as_array().cloned().unwrap_or_default();
    assert!(pages.len() > 3, "{}", pages.len());
    assert!(
        pages
            .iter()
            .all(|p| p["svg"].as_str().is_some_and(|s| s.starts_with("<svg")))
    );
    let url = pages[0]["url"].as_str().unwrap_or_default();
    let page = get(&server, url);
    assert_eq!(page.status, 200);
    assert_eq!(page.header("Content-Type"), Some("image/svg+xml"));
    assert_eq!(Some(page.text().as_str()), pages[0]["svg"].as_str());
    // A browser (which takes gzip) gets the same page gzipped, a third of the size.
    let zipped = request(
        server.port,
        "GET",
        url,
        &[("Host", &host), ("Accept-Encoding", "gzip, deflate, br")],
        b"",
    );
    assert_eq!(zipped.header("Content-Encoding"), Some("gzip"));
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(zipped.body.as_slice()),
        &mut unzipped,
    )
    .unwrap_or_else(|e| panic!("not gzip: {e}"));
    assert_eq!(Some(unzipped.as_str()), pages[0]["svg"].as_str());
    assert!(
        zipped.body.len() * 2 < unzipped.len(),
        "{} of {}",
        zipped.body.len(),
        unzipped.len()
    );
    // The same layout keeps its page's name: an unchanged page is not fetched again.
    let again = post(
        &serde_json::json!({ "path": QINGSHAN, "source": fixed, "inline": false }).to_string(),
    );
    assert_eq!(again["pages"][0]["url"], pages[0]["url"]);
    assert!(
        !String::from_utf8_lossy(&read(dir.path(), QINGSHAN)).contains("满意度问卷\""),
        "a preview writes nothing"
    );
}

#[test]
fn the_schema_in_docs_is_the_loaders() {
    let output = common::run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["schema"]);
    assert!(output.status.success());
    let printed = common::stdout(&output);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/charter.schema.json"),
    )
    .unwrap_or_default();
    assert!(
        printed == committed,
        "docs/charter.schema.json is stale: charter schema > docs/charter.schema.json"
    );
    let schema: serde_json::Value = serde_json::from_str(&printed).unwrap_or_default();
    let charter = &schema["properties"]["charter"]["properties"];
    assert!(
        charter["title"].is_object() && charter["extends"].is_object(),
        "{charter}"
    );
    assert_eq!(
        schema["properties"]["approval"]["properties"]["term"]["type"],
        "integer"
    );
    assert!(schema["definitions"]["section"]["properties"]["clause"].is_object());
    // A key the loader refuses is refused by the schema too.
    assert_eq!(schema["additionalProperties"], false);
    let (status, stderr) = common::check(&[(
        "a.toml",
        "#:schema ./charter.schema.json\n[charter]\nid = \"a\"\ntitel = \"x\"\n",
    )]);
    assert_eq!(status, 1);
    assert!(stderr.contains("unknown key \"titel\""), "{stderr}");
}

/// A preview that takes seconds (a table near the cell limit) runs on its
/// own thread: the studio answers other requests meanwhile, well within
/// 2 s, and the heavy preview itself ends with pages.
#[test]
fn other_requests_are_answered_during_a_heavy_preview() {
    let dir = project();
    let server = Server::start(dir.path());
    let (host, origin) = (server.host(), server.origin());
    let mut source = String::from(
        "[charter]\nid = \"heavy\"\ntitle = \"大表\"\n[[section]]\ntitle = \"名单\"\n  [[section.table]]\n  columns = [1, 3, 3]\n  rows = [\n",
    );
    for i in 0..8000 {
        source.push_str(&format!(
            "    [\"{i}\", \"会员姓名{i}\", \"所在单位{i}\"],\n"
        ));
    }
    source.push_str("  ]\n");
    let body = json!({ "path": QINGSHAN, "source": source }).to_string();
    let port = server.port;
    let (preview_host, preview_origin) = (host.clone(), origin.clone());
    let started = std::time::Instant::now();
    let heavy = std::thread::spawn(move || {
        request(
            port,
            "POST",
            "/api/preview",
            &[
                ("Host", &preview_host),
                ("Origin", &preview_origin),
                ("Content-Type", "application/json"),
            ],
            body.as_bytes(),
        )
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut slowest = 0.0f64;
    let mut asked = 0;
    while !heavy.is_finished() || asked < 3 {
        for url in ["/", "/api/charters", &format!("/api/charters/{QINGSHAN}")] {
            let at = std::time::Instant::now();
            let answer = request(port, "GET", url, &[("Host", &host)], b"");
            assert_eq!(answer.status, 200, "{url}");
            slowest = slowest.max(at.elapsed().as_secs_f64());
        }
        asked += 1;
        if started.elapsed().as_secs() > 120 {
            break;
        }
    }
    let answer = heavy
        .join()
        .unwrap_or_else(|_| panic!("the preview thread"));
    let preview = answer.json();
    println!(
        "heavy preview: {:.1} s, {} pages; slowest other answer meanwhile: {:.2} s over {asked} rounds",
        started.elapsed().as_secs_f64(),
        preview["pages"].as_array().map_or(0, Vec::len),
        slowest
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(
        preview["pages"].as_array().is_some_and(|p| p.len() > 50),
        "{}",
        &answer.text()[..answer.text().len().min(500)]
    );
    assert!(
        slowest < 2.0,
        "an answer took {slowest:.2} s during the preview"
    );
}
