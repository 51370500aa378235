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

/// The page's HTML as the twin serves it: `<meta name="auth-triage-twin" content="int">` right
/// after `<head>` (or, in the built page, whose minifier drops `<head>`, after its first `<meta …>`,
/// the charset), so the page knows it may try the path against the twin (its own origin). A
/// page served from anywhere else has no such marker, and sends nothing.
pub(super) fn mark(html: Vec<u8>, env: crate::platform::Environment) -> Vec<u8> {
    let find = |needle: &[u8]| html.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle));
    let after_meta = || find(b"<meta").and_then(|i| html[i..].iter().position(|&c| c == b'>').map(|j| i + j + 1));
    let Some(at) = find(b"<head>").map(|i| i + 6).or_else(after_meta) else {
        return html;
    };
    let meta = format!("<meta name=\"auth-triage-twin\" content=\"{}\">", env.label());
    [&html[..at], meta.as_bytes(), &html[at..]].concat()
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
    env: crate::platform::Environment,
) -> Option<hyper::Response<http_body_util::Full<hyper::body::Bytes>>> {
    let page = page?.clone();
    let path = req.path().to_string();
    let gateway = super::gateway::is_token_path(&path) || path == super::HELLO_PATH || path.starts_with("/__twin/");
    if gateway || !matches!(req.method.as_str(), "GET" | "HEAD") {
        return None;
    }
    let mut file = tokio::task::spawn_blocking(move || page.file(&path)).await.ok()??;
    if file.content_type.starts_with("text/html") {
        file.bytes = mark(file.bytes, env);
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Environment;

    #[test]
    fn the_twin_marks_the_html_it_serves() {
        let html = b"<!doctype html><html><head><title>x</title></head></html>".to_vec();
        let marked = String::from_utf8(mark(html, Environment::Int)).unwrap();
        assert_eq!(
            marked,
            "<!doctype html><html><head><meta name=\"auth-triage-twin\" content=\"int\"><title>x</title></head></html>"
        );
        // Minified (no <head>): after the charset.
        let min =
            String::from_utf8(mark(b"<html lang=en><meta charset=utf-8><title>x</title>".to_vec(), Environment::Int))
                .unwrap();
        assert_eq!(
            min,
            "<html lang=en><meta charset=utf-8><meta name=\"auth-triage-twin\" content=\"int\"><title>x</title>"
        );
        // Neither: as it is.
        assert_eq!(mark(b"<title>page</title>".to_vec(), Environment::Int), b"<title>page</title>");
    }
}
