//! Raw HTTP requests (`POST /oauth2/token HTTP/1.1`, OkHttp's `--> POST https://… h2`, an
//! editor's `.http` file): where one starts and where it ends.

use super::METHODS;

/// Line `i` starts a raw HTTP request or an editor's `.http` request.
pub(super) fn http_start(ls: &[(usize, &str)], i: usize) -> bool {
    // curl -v marks what it sent with `> ` (`> GET /path HTTP/2`, `> Host: …`).
    if let Some(line) = ls[i].1.strip_prefix("> ") {
        let mut words = line.split_whitespace();
        let (m, target, v) = (words.next(), words.next(), words.next());
        let host_follows = ls[i + 1..].iter().take(3).any(|(_, l)| l.to_ascii_lowercase().starts_with("> host:"));
        return m.is_some_and(|m| METHODS.contains(&m))
            && target.is_some_and(|t| t.starts_with('/'))
            && v.is_some_and(|v| v.starts_with("HTTP/"))
            && host_follows;
    }
    // OkHttp's logging interceptor marks the request line `--> POST https://… h2`.
    let (line, okhttp) = match ls[i].1.strip_prefix("--> ") {
        Some(rest) => (rest, true),
        None => (ls[i].1, false),
    };
    let mut words = line.split_whitespace();
    let (m, target, v) = (words.next(), words.next(), words.next());
    let more = words.next().is_some();
    let method = m.is_some_and(|m| METHODS.contains(&m));
    let http_line = method && v.is_some_and(|v| v.starts_with("HTTP/")) && !more;
    let header_next = ls.get(i + 1).is_some_and(|(_, next)| {
        next.split_once(':')
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    });
    let protocol = v.is_none() || (okhttp && v.is_some_and(|v| v.starts_with("http/") || v == "h2") && !more);
    let editor_line =
        method && protocol && target.is_some_and(|t| t.starts_with("http") || t.starts_with("{{")) && header_next;
    http_line || editor_line
}

/// The last line of the request starting at line `i`: its headers, a blank line, its body. The
/// answer's status line (`Status 403`, `HTTP/1.1 403`, `<-- 403`) ends it: what follows is the
/// response's, not a body the request sent (a log prints both).
pub(super) fn http_end(ls: &[(usize, &str)], i: usize) -> usize {
    // curl -v's request: its `> ` lines, up to the blank `>` that ends its headers.
    if ls[i].1.starts_with("> ") {
        let more = ls[i + 1..].iter().take_while(|(_, l)| l.starts_with("> ") && !l[2..].trim().is_empty()).count();
        return i + more;
    }
    let answer = |j: usize| crate::extract::status::status_line(ls[j].1).is_some();
    let mut j = i + 1;
    while j < ls.len() && !ls[j].1.trim().is_empty() {
        if answer(j) {
            return j - 1;
        }
        j += 1;
    }
    if j < ls.len() {
        j += 1;
        while j < ls.len() && !ls[j].1.trim().is_empty() {
            if answer(j) {
                return j - 1;
            }
            j += 1;
        }
    }
    j.min(ls.len()) - 1
}
