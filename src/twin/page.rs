//! The built page (`dist/`, `--page-dir`), served by the twin on its own origin: a page opened
//! from the twin posts to the twin under its own Content-Security-Policy (`connect-src 'self'`),
//! nothing loosened, and the twin's Origin check lets its own origin through. Only files inside
//! the folder are served (a `..`, a backslash, a NUL, an escape or a symlink out is not); any
//! other path falls through to the gateway (its 404 stays Apigee's).

use std::path::{Path, PathBuf};

/// A folder of static files, its real path resolved once.
#[derive(Clone, Debug)]
pub struct PageDir {
    root: PathBuf,
}

/// A file to send: its `Content-Type` and bytes.
pub struct PageFile {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl PageDir {
    /// The folder, which must hold an `index.html`.
    pub fn open(dir: &Path) -> Result<PageDir, String> {
        let root = dir.canonicalize().map_err(|e| format!("--page-dir {}: {e}", dir.display()))?;
        if !root.join("index.html").is_file() {
            return Err(format!("--page-dir {}: no index.html in it (build the page: make build)", dir.display()));
        }
        Ok(PageDir { root })
    }

    /// The file a request path names, if it is one inside the folder (`/` and `…/` are
    /// `index.html`). Blocking: call it off the runtime's threads.
    pub fn file(&self, path: &str) -> Option<PageFile> {
        let rel = path.strip_prefix('/')?;
        // Built file names are plain: nothing to decode, and nothing encoded is served.
        if rel.contains(['%', '\\', '\0']) || rel.split('/').any(|s| s == ".." || s == ".") {
            return None;
        }
        let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
        let real = self.root.join(&rel).canonicalize().ok()?;
        if !real.starts_with(&self.root) || !real.is_file() {
            return None;
        }
        let bytes = std::fs::read(&real).ok()?;
        Some(PageFile { content_type: content_type(&real), bytes })
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A `GET` or `HEAD` of a file of the page (never a path the gateway answers), or `None`.
pub(super) async fn answer(
    page: Option<&PageDir>,
    req: &super::gateway::Incoming,
) -> Option<hyper::Response<http_body_util::Full<hyper::body::Bytes>>> {
    let page = page?.clone();
    let path = req.path().to_string();
    let gateway = super::gateway::is_token_path(&path) || path == super::HELLO_PATH || path.starts_with("/__twin/");
    if gateway || !matches!(req.method.as_str(), "GET" | "HEAD") {
        return None;
    }
    let file = tokio::task::spawn_blocking(move || page.file(&path)).await.ok()??;
    let len = file.bytes.len();
    let body = if req.method == "HEAD" { Vec::new() } else { file.bytes };
    let mut r = hyper::Response::new(http_body_util::Full::new(hyper::body::Bytes::from(body)));
    let headers = r.headers_mut();
    headers.insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(file.content_type));
    headers.insert(hyper::header::CONTENT_LENGTH, len.into());
    headers.insert(hyper::header::CACHE_CONTROL, hyper::header::HeaderValue::from_static("no-store"));
    headers.insert("x-content-type-options", hyper::header::HeaderValue::from_static("nosniff"));
    Some(r)
}
