//! `charter serve`: a local studio in the browser. Office staff edit a
//! charter beside a live preview typeset by the same template as the PDF,
//! save, fill in the organisation, record an amendment and see its redline,
//! print the questionnaire and tally its answers.
//!
//! Only 127.0.0.1 is bound. [`guard`] refuses requests naming another host
//! (DNS rebinding) and state-changing requests from another origin; every
//! path a request names goes through the served folder's [`Sandbox`]
//! ([`files`]). The front end is plain HTML, CSS and JavaScript embedded in
//! the binary ([`assets`]); the API is documented in docs/studio.md.

mod api;
mod assets;
mod document;
mod files;
mod forms;
mod guard;
mod preview;
mod setup;
mod survey;

use std::collections::HashMap;
use std::io::Write;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::backend::{Backends, Options as BackendOptions};
use crate::sandbox::Sandbox;

/// mimalloc's `mi_option_purge_delay` (mimalloc.h), as in main.rs.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Port used when `--port` is not given; another free one if it is taken.
pub const DEFAULT_PORT: u16 = 7878;

/// What `charter serve` was asked for.
pub struct Options {
    pub folder: PathBuf,
    /// `None`: [`DEFAULT_PORT`], or any free port when that one is taken.
    pub port: Option<u16>,
    pub open: bool,
    pub font_paths: Vec<PathBuf>,
}

/// The state every request shares.
pub struct Studio {
    /// The served folder, canonical: no path outside it is ever read or written.
    folder: Sandbox,
    /// One font set, Typst engine and template cache for every preview; a
    /// named template (`formal`) is the project's own copy when it has one,
    /// as for `charter build`.
    backends: Backends,
    port: u16,
    /// Saves, amendments and form edits one at a time: the ETag compared
    /// is the one of the file replaced.
    writes: Mutex<()>,
    /// Each file as it was when the studio first read it: the "version
    /// before" an amendment's redline is drawn against.
    originals: Mutex<HashMap<PathBuf, Vec<u8>>>,
    /// The pages of recent previews.
    pages: Mutex<preview::PageCache>,
    /// Previews run one at a time.
    previews: Arc<tokio::sync::Semaphore>,
}

impl Studio {
    fn origin_ok(&self, origin: &str) -> bool {
        let port = self.port;
        origin == format!("http://127.0.0.1:{port}")
            || origin.eq_ignore_ascii_case(&format!("http://localhost:{port}"))
    }

    fn host_ok(&self, host: &str) -> bool {
        let port = self.port;
        host == format!("127.0.0.1:{port}")
            || host.eq_ignore_ascii_case(&format!("localhost:{port}"))
    }

    fn remember_original(&self, path: &Path, bytes: &[u8]) {
        self.originals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(path.to_path_buf())
            .or_insert_with(|| bytes.to_vec());
    }

    fn original(&self, path: &Path) -> Option<Vec<u8>> {
        self.originals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }
}

/// Runs the studio until Ctrl-C; returns the exit status.
pub fn serve(options: &Options, sandbox: &Sandbox) -> i32 {
    let folder = match Sandbox::new(&options.folder) {
        Ok(folder) if folder.root().is_dir() => folder,
        Ok(_) => {
            startup_error(
                t!(
                    "studio-not-folder",
                    folder = options.folder.display().to_string()
                ),
                t!("studio-not-folder-help"),
            );
            return 2;
        }
        Err(err) => {
            startup_error(
                t!(
                    "studio-cannot-serve",
                    folder = options.folder.display().to_string(),
                    error = err.to_string()
                ),
                t!("studio-cannot-serve-help"),
            );
            return 2;
        }
    };
    // A folder outside the project (charter serve /elsewhere) is its own project.
    let project = if sandbox.contains(folder.root()) {
        sandbox.clone()
    } else {
        folder.clone()
    };
    // A server lives long: memory freed after a heavy preview goes back to
    // the system (a batch keeps it, see main.rs), after mimalloc's default delay.
    // SAFETY: an option read at every purge, set before the server starts.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            startup_error(
                t!("studio-cannot-start", error = err.to_string()),
                String::new(),
            );
            return 1;
        }
    };
    runtime.block_on(run(options, folder, project))
}

async fn run(options: &Options, folder: Sandbox, project: Sandbox) -> i32 {
    let listener = match bind(options.port).await {
        Ok(listener) => listener,
        Err(err) => {
            startup_error(
                t!(
                    "studio-cannot-listen",
                    port = options.port.unwrap_or(DEFAULT_PORT),
                    error = err.to_string()
                ),
                t!("studio-cannot-listen-help"),
            );
            return 1;
        }
    };
    let port = match listener.local_addr() {
        Ok(address) => address.port(),
        Err(err) => {
            startup_error(
                t!("studio-no-address", error = err.to_string()),
                String::new(),
            );
            return 1;
        }
    };
    let url = format!("http://127.0.0.1:{port}/");
    // The URL is the first line of output: scripts and tests read it.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{url}");
    let _ = stdout.flush();
    eprintln!(
        "{}",
        t!(
            "studio-serving",
            folder = folder.root().display().to_string()
        )
    );
    files::set_shown(folder.root());
    let studio = Arc::new(Studio {
        backends: Backends::new(
            &project,
            BackendOptions {
                font_paths: options.font_paths.clone(),
                ..BackendOptions::default()
            },
        ),
        folder,
        port,
        writes: Mutex::new(()),
        originals: Mutex::new(HashMap::new()),
        pages: Mutex::new(preview::PageCache::default()),
        previews: Arc::new(tokio::sync::Semaphore::new(1)),
    });
    // Load the fonts now, not on the first keystroke.
    let warm = studio.clone();
    tokio::task::spawn_blocking(move || {
        warm.backends.fonts();
    });
    if options.open {
        open_browser(&url);
    }
    let app = api::router(studio);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => 0,
        Err(err) => {
            startup_error(t!("studio-stopped", error = err.to_string()), String::new());
            1
        }
    }
}

/// Binds 127.0.0.1 only: the studio is never reachable from another machine.
async fn bind(port: Option<u16>) -> std::io::Result<tokio::net::TcpListener> {
    match port {
        Some(port) => tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await,
        None => match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, DEFAULT_PORT)).await {
            Ok(listener) => Ok(listener),
            Err(_) => tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await,
        },
    }
}

/// Opens the default browser; a machine without one just has the URL printed.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let child = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    // Reap it, so no zombie stays behind for the life of the server.
    if let Ok(mut child) = child {
        std::thread::spawn(move || child.wait());
    }
}

/// A problem before the studio serves anything, printed as `check` prints one.
fn startup_error(message: String, help: String) {
    let mut d = crate::diag::Diagnostic::error(message);
    if !help.is_empty() {
        d = d.help(help);
    }
    d.emit(&crate::diag::SourceMap::new());
}
