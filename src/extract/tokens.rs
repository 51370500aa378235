//! Compact JWTs in a paste, with paste hygiene: the cleaned token plus a map from each of its
//! bytes back to the paste, so every finding can point at the characters the user pasted.

use super::{is_invisible, is_token_char, Cleanup, CleanupKind};
use crate::vocab::Role;

#[derive(Clone, Debug, PartialEq)]
pub struct FoundToken {
    pub compact: String,
    /// `map[i]` = byte offset in the paste of byte `i` of `compact`; one extra entry for the end.
    /// Empty when the token is the paste's bytes as they are, from `start` on.
    pub map: Vec<usize>,
    pub start: usize,
    pub role: Role,
    pub cleaned: Vec<Cleanup>,
}

impl FoundToken {
    pub fn origin(&self, i: usize) -> usize {
        if self.map.is_empty() {
            return self.start + i.min(self.compact.len());
        }
        self.map.get(i).copied().or_else(|| self.map.last().copied()).unwrap_or(0)
    }
}

/// All JWT-like tokens in the paste. A paste that is only a token (however wrapped) gives that
/// token even when it is malformed; otherwise tokens are found by their `eyJ` start.
pub fn find_tokens(input: &str) -> Vec<FoundToken> {
    if let Some(bare) = bare_token(input) {
        return vec![bare];
    }
    scan(input)
}

const QUOTE_PAIRS: &[(char, char)] =
    &[('"', '"'), ('\'', '\''), ('`', '`'), ('“', '”'), ('‘', '’'), ('”', '”'), ('«', '»')];

/// The paste as a single token: strip `Authorization:`, `Bearer `, quotes, white space and
/// invisible characters, keeping a map back to the paste.
fn bare_token(input: &str) -> Option<FoundToken> {
    let mut cleaned = Vec::new();
    let (mut lo, mut hi) = trim_bounds(input, 0, input.len());
    let mut view = &input[lo..hi];
    if let Some(rest) = strip_prefix_ci(view, "authorization:") {
        cleaned.push(Cleanup { what: CleanupKind::AuthorizationHeader, count: 1 });
        lo += view.len() - rest.len();
        (lo, hi) = trim_bounds(input, lo, hi);
        view = &input[lo..hi];
    }
    if let Some(rest) = strip_prefix_ci(view, "bearer") {
        if rest.starts_with(|c: char| c.is_whitespace() || is_invisible(c)) {
            cleaned.push(Cleanup { what: CleanupKind::BearerPrefix, count: 1 });
            lo += view.len() - rest.len();
            (lo, hi) = trim_bounds(input, lo, hi);
            view = &input[lo..hi];
        }
    }
    for &(open, close) in QUOTE_PAIRS {
        if view.len() >= open.len_utf8() + close.len_utf8() && view.starts_with(open) && view.ends_with(close) {
            cleaned.push(Cleanup { what: CleanupKind::Quotes, count: 1 });
            lo += open.len_utf8();
            hi -= close.len_utf8();
            (lo, hi) = trim_bounds(input, lo, hi);
            view = &input[lo..hi];
            break;
        }
    }
    if view.is_empty() || !looks_like_bare_token(view) {
        return None;
    }
    let mut compact = String::with_capacity(view.len());
    let mut map = Vec::with_capacity(view.len() + 1);
    let (mut spaces, mut invisible) = (0, 0);
    for (i, c) in view.char_indices() {
        if is_invisible(c) {
            invisible += 1;
        } else if c.is_whitespace() {
            spaces += 1;
        } else {
            compact.push(c);
            map.extend(std::iter::repeat_n(lo + i, c.len_utf8()));
        }
    }
    map.push(hi);
    if spaces > 0 {
        cleaned.push(Cleanup { what: CleanupKind::Whitespace, count: spaces });
    }
    if invisible > 0 {
        cleaned.push(Cleanup { what: CleanupKind::Invisible, count: invisible });
    }
    // A token pasted on its own is what the user wants checked, whatever was around it.
    Some(FoundToken { compact, map, start: lo, role: Role::Unknown, cleaned })
}

/// A paste is a bare token when every word is made of token characters, or when it is one
/// word per line with nothing that marks JSON, a URL, a form body or prose.
fn looks_like_bare_token(view: &str) -> bool {
    // Words without their invisible characters (copied only when they hold some).
    let words: Vec<std::borrow::Cow<str>> = view
        .split(|c: char| c.is_whitespace() && !is_invisible(c))
        .map(|w| {
            if w.contains(is_invisible) {
                w.chars().filter(|c| !is_invisible(*c)).collect::<String>().into()
            } else {
                w.into()
            }
        })
        .filter(|w: &std::borrow::Cow<str>| !w.is_empty())
        .collect();
    if words.is_empty() {
        return false;
    }
    if words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit())) {
        return false; // a status code or a timestamp, not a token
    }
    let structural =
        |w: &std::borrow::Cow<str>| w.contains(['{', '}', '&', '"']) || w.contains("://") || w.contains(':');
    if words.iter().any(structural) {
        return false;
    }
    // Form body `a=b` without `&` is not a token.
    if words.iter().any(|w| w.split_once('=').is_some_and(|(k, v)| !k.is_empty() && !v.is_empty() && !k.contains('.')))
    {
        return false;
    }
    if words.len() == 1 {
        return true; // one word, perhaps with a stray character in it
    }
    // A token broken by white space: long pieces of token characters, starting like a JWT.
    words[0].starts_with("eyJ")
        && words.iter().all(|w| w.chars().all(is_token_char))
        && words[..words.len() - 1].iter().all(|w| w.len() >= 8)
}

fn trim_bounds(input: &str, mut lo: usize, mut hi: usize) -> (usize, usize) {
    let junk = |c: char| c.is_whitespace() || is_invisible(c);
    while let Some(c) = input[lo..hi].chars().next().filter(|c| junk(*c)) {
        lo += c.len_utf8();
    }
    while let Some(c) = input[lo..hi].chars().next_back().filter(|c| junk(*c)) {
        hi -= c.len_utf8();
    }
    (lo, hi)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Tokens inside other text: runs of token characters that start with `eyJ` (the base64url of
/// `{"`) and hold at least one dot.
fn scan(input: &str) -> Vec<FoundToken> {
    let bytes = input.as_bytes();
    let mut found: Vec<FoundToken> = Vec::new();
    let mut i = 0;
    while let Some(pos) = input[i..].find("eyJ") {
        let start = i + pos;
        let boundary = start == 0
            || !(bytes[start - 1].is_ascii_alphanumeric() || matches!(bytes[start - 1], b'-' | b'_' | b'+' | b'/'));
        let mut end = start;
        loop {
            while end < bytes.len() && is_token_char(bytes[end] as char) {
                end += 1;
            }
            // Never cut a token silently at a character that does not belong in it: an
            // invisible character with more of the token after it stays in (and is named by the
            // decoder); an ellipsis marks where the token was cut, and stays as the cut.
            let Some(c) = input[end..].chars().next() else { break };
            let after = input[end + c.len_utf8()..].chars().next();
            if c == '…' {
                end += c.len_utf8();
                break;
            }
            if is_invisible(c) && after.is_some_and(is_token_char) {
                end += c.len_utf8();
                continue;
            }
            break;
        }
        i = end.max(start + 3);
        if !boundary {
            continue;
        }
        let mut token = &input[start..end];
        // A sentence's full stop after a token: `…xyz.` → drop it when it makes a 4th segment.
        if token.ends_with('.') && token.matches('.').count() == 3 {
            token = &token[..token.len() - 1];
        }
        if !token.contains('.') || token.len() < 10 {
            continue;
        }
        // A stack trace's or log's abbreviation (PHP's `sign('eyJ0eXAiOiJKV1Q...', …)`): the
        // header's first characters and an ellipsis of dots, not a token with empty segments.
        if token.ends_with("..") && !token.trim_end_matches('.').contains('.') {
            continue;
        }
        if found.iter().any(|f| f.compact == token) {
            continue;
        }
        let role = role_from_context(&input[..start]);
        found.push(FoundToken { compact: token.to_string(), map: Vec::new(), start, role, cleaned: Vec::new() });
    }
    found
}

/// What the text just before a token says it is.
fn role_from_context(before: &str) -> Role {
    let tail: String = before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
    let tail = tail.to_ascii_lowercase();
    let tail = tail.trim_end_matches(['\'', '"', ' ', ':', '=']);
    if tail.ends_with("client_assertion") {
        Role::ClientAssertion
    } else if tail.ends_with("subject_token") {
        Role::SubjectToken
    } else if tail.ends_with("bearer") || tail.ends_with("access_token") {
        Role::AccessToken
    } else {
        Role::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_token_with_wrapping_is_cleaned_and_mapped() {
        let input = "Authorization: Bearer “eyJh.eyJ\n  zdW\u{200B}I.sig”";
        let t = &find_tokens(input)[0];
        assert_eq!(t.compact, "eyJh.eyJzdWI.sig");
        let kinds: Vec<_> = t.cleaned.iter().map(|c| c.what).collect();
        assert_eq!(
            kinds,
            [
                CleanupKind::AuthorizationHeader,
                CleanupKind::BearerPrefix,
                CleanupKind::Quotes,
                CleanupKind::Whitespace,
                CleanupKind::Invisible
            ]
        );
        // every byte maps back to the same character in the paste
        for (i, b) in t.compact.bytes().enumerate() {
            assert_eq!(input.as_bytes()[t.origin(i)], b);
        }
    }

    #[test]
    fn prose_is_scanned_not_taken_whole() {
        let input = "My token is eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJ4In0.c2ln. It fails.";
        let t = find_tokens(input);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].compact, "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJ4In0.c2ln");
        assert_eq!(&input[t[0].origin(0)..t[0].origin(0) + 3], "eyJ");
        assert_eq!(t[0].origin(t[0].compact.len()), t[0].origin(0) + t[0].compact.len(), "one past the end");
    }

    #[test]
    fn role_from_form_field() {
        let t = find_tokens("grant_type=client_credentials&client_assertion=eyJhbGciOiJSUzUxMiJ9.e30.c2ln");
        assert_eq!(t[0].role, Role::ClientAssertion);
    }

    #[test]
    fn not_tokens() {
        assert!(find_tokens("500").is_empty());
        assert!(find_tokens("").is_empty());
        assert!(find_tokens("grant_type=client_credentials").is_empty());
        assert!(find_tokens("https://int.api.service.nhs.uk/oauth2/token").is_empty());
        assert_eq!(find_tokens("invalid")[0].compact, "invalid");
    }
}
