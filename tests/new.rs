//! `charter new` scaffolds an organisation that checks and builds at once,
//! with placeholders flagged until they are filled in.

mod common;
use common::*;

#[test]
fn scaffold_extends_the_model_and_builds() {
    let model = std::fs::read_to_string(root().join("charters/models/service-commitment.toml"))
        .unwrap_or_default();
    let dir = scratch(&[("charters/models/service-commitment.toml", &model)]);
    let output = run_in(
        dir.path(),
        &["new", "charters/orgs/songlin", "--name", "松林社区服务中心"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let org = std::fs::read_to_string(dir.path().join("charters/orgs/songlin/org.toml"))
        .unwrap_or_default();
    assert!(org.contains("name = \"松林社区服务中心\""), "{org}");
    for field in ["short_name", "phone", "email"] {
        assert!(
            org.contains(&format!("{field} = \"【待填写】\"")),
            "{field} missing in {org}"
        );
    }
    let charter = std::fs::read_to_string(
        dir.path()
            .join("charters/orgs/songlin/service-commitment.toml"),
    )
    .unwrap_or_default();
    assert!(
        charter.contains("extends = \"../../models/service-commitment.toml\""),
        "{charter}"
    );

    let check = run_in(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("org.phone is still the placeholder 【待填写】"),
        "{}",
        stderr(&check)
    );

    let build = run_in(dir.path(), &["build", "--format", "json"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let json = std::fs::read_to_string(dir.path().join("out/songlin/service-commitment.json"))
        .unwrap_or_default();
    assert!(json.contains("松林社区服务中心"), "{json}");

    // A second `new`, even with --force, overwrites nothing: a filled-in
    // value stays, a missing key is added, the charter is kept.
    let org_path = dir.path().join("charters/orgs/songlin/org.toml");
    let filled = org
        .replace("phone = \"【待填写】\"", "phone = \"0592-5550-1234\"")
        .replace("email = \"【待填写】\"\n", "");
    std::fs::write(&org_path, &filled).unwrap_or_default();
    let again = run_in(
        dir.path(),
        &["new", "charters/orgs/songlin", "--name", "x", "--force"],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let after = std::fs::read_to_string(&org_path).unwrap_or_default();
    assert!(after.contains("phone = \"0592-5550-1234\""), "{after}");
    assert!(after.contains("name = \"松林社区服务中心\""), "{after}");
    assert!(after.contains("email = \"【待填写】\""), "{after}");
    assert!(stderr(&again).contains("it is kept"), "{}", stderr(&again));
    assert!(stdout(&again).contains("kept"), "{}", stdout(&again));
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch(&[]);
    let output = run_in(dir.path(), &["new", "x"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = run_in(dir.path(), &["build", "--format", "odt"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = run_in(dir.path(), &["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
}
