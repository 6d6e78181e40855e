//! `REV:PATH`: a charter as it was at a git revision. The repository's tree
//! at that revision is unpacked into a temporary folder, so the charter's
//! models and org.toml resolve as they were.
//!
//! REV never reaches git as an option, and PATH, symlinks followed, must
//! stay inside the repository: the live file system is never read.

use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diag::{Diagnostic, Diagnostics};
use crate::discover::Job;
use crate::sandbox::{Refusal, SOURCE_LIMIT, Sandbox, normalize};

/// A charter checked out from git, with the folder it lives in.
pub struct Checkout {
    /// Kept until the comparison is done: dropping it removes the files.
    pub tree: tempfile::TempDir,
    pub job: Job,
    /// The checkout's own root: its paths may not leave it.
    pub sandbox: Sandbox,
}

/// Checks out `path` as it was at `rev`. `spec` is how the user wrote it.
pub fn checkout(spec: &str, rev: &str, path: &str, diags: &mut Diagnostics) -> Option<Checkout> {
    let (tree, prefix) = unpack(rev, diags)?;
    let inside = normalize(&Path::new(&prefix).join(path));
    let leaves =
        Path::new(path).is_absolute() || inside.components().next() == Some(Component::ParentDir);
    let sandbox = Sandbox::new(tree.path()).ok()?;
    let real = if leaves {
        Err(Refusal::Outside {
            root: PathBuf::from("the repository"),
        })
    } else {
        sandbox.resolve(tree.path(), &inside.to_string_lossy(), SOURCE_LIMIT)
    };
    match real {
        Ok(real) => Some(Checkout {
            job: Job {
                path: real,
                root: sandbox.root().to_path_buf(),
            },
            sandbox,
            tree,
        }),
        Err(Refusal::NotFound) => {
            diags.push(
                Diagnostic::error(format!("{path} does not exist at revision {rev}"))
                    .help("REV:PATH names a file as it was at a git revision, e.g. HEAD~1:charters/orgs/a/x.toml"),
            );
            None
        }
        Err(refusal) => {
            diags.push(
                Diagnostic::error(format!(
                    "{spec}: the path leaves the repository or is not a regular file ({})",
                    refusal.describe(path)
                ))
                .help("REV:PATH names a charter file inside the repository, relative to the current folder"),
            );
            None
        }
    }
}

/// The repository at `rev` in a temporary folder, and the working folder's
/// place in it.
fn unpack(rev: &str, diags: &mut Diagnostics) -> Option<(tempfile::TempDir, String)> {
    let git = |args: &[&str]| Command::new("git").args(args).output();
    // A revision is never an option to git: `--output=…` would write a file.
    if rev.starts_with('-') {
        diags.push(
            Diagnostic::error(format!("\"{rev}\" is not a revision"))
                .help("a revision is a commit, branch or tag such as HEAD~1 or v2.0; it cannot start with -"),
        );
        return None;
    }
    let prefix = match git(&["rev-parse", "--show-prefix"]) {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => {
            diags.push(
                Diagnostic::error(format!(
                    "cannot read revision {rev}: not inside a git repository"
                ))
                .help("run charter diff from inside the repository, or give two files"),
            );
            return None;
        }
    };
    let unknown = |diags: &mut Diagnostics| {
        diags.push(
            Diagnostic::error(format!("cannot read revision {rev} from git"))
                .help("check the revision exists (git log --oneline), e.g. HEAD~1 or a tag"),
        );
    };
    let verify = format!("{rev}^{{commit}}");
    let commit = match git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &verify,
    ]) {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => {
            unknown(diags);
            return None;
        }
    };
    let top = git(&["rev-parse", "--show-toplevel"])
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let tree = tempfile::tempdir().ok()?;
    let archive = Command::new("git")
        .args(["-C", &top, "archive", "--format=tar", &commit])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let extracted = archive.and_then(|mut child| {
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no output"))?;
        let tar = Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(tree.path())
            .stdin(stdout)
            .status()?;
        let git_status = child.wait()?;
        Ok(tar.success() && git_status.success())
    });
    if !matches!(extracted, Ok(true)) {
        unknown(diags);
        return None;
    }
    Some((tree, prefix))
}
