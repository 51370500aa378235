//! Undo what forum software and editors do to pasted text, before anything else reads it:
//! curly quotes (‘ ’ “ ”), `--` turned into an en dash (in cURL flags and inside tokens) and
//! ` - ` into ` – `, `...` into `…`, HTML entities. What was undone is said back to the user, and
//! every offset found in the repaired text maps back to the paste (`SpanMap`).
//!
//! Left alone on purpose: an ellipsis inside a token (a cut, named by the token finder, never
//! "repaired" into dots), and non-breaking and zero-width spaces (the token and JSON readers
//! name and remove them where they matter).

use super::{Cleanup, CleanupKind};

/// Offsets in the repaired text → offsets in the paste.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanMap {
    /// `(repaired, original)` at the start of every stretch copied unchanged after an edit.
    pub(super) points: Vec<(usize, usize)>,
    /// The map of the pass before this one (lines unwrapped before characters are repaired).
    pub(super) before: Option<Box<SpanMap>>,
}

impl SpanMap {
    /// The paste's offset for a repaired-text offset.
    pub fn original(&self, at: usize) -> usize {
        let here = match self.points.partition_point(|(r, _)| *r <= at) {
            0 => at,
            i => {
                let (r, o) = self.points[i - 1];
                o + (at - r)
            }
        };
        match &self.before {
            Some(b) => b.original(here),
            None => here,
        }
    }
    /// This map, read after `first` (the map of an earlier pass).
    pub(super) fn after(mut self, first: SpanMap) -> SpanMap {
        match self.before.take() {
            Some(b) => self.before = Some(Box::new(b.after(first))),
            None => self.before = Some(Box::new(first)),
        }
        self
    }

    pub fn is_identity(&self) -> bool {
        self.points.is_empty() && self.before.as_ref().is_none_or(|b| b.is_identity())
    }
}

#[derive(Clone, Debug, Default)]
pub struct Repaired {
    pub text: String,
    pub undone: Vec<Cleanup>,
    pub map: SpanMap,
    /// Where each edit stands in the repaired text, and what it was (for the readers that
    /// report repairs inside what they found, e.g. an error body).
    pub edits: Vec<(usize, CleanupKind)>,
}

impl Repaired {
    /// The edits inside `[start, end)` of the repaired text, counted by kind.
    pub fn edits_in(&self, start: usize, end: usize) -> Vec<Cleanup> {
        count(self.edits.iter().filter(|(at, _)| *at >= start && *at < end).map(|(_, what)| *what))
    }
}

/// Edits counted by kind, in the order first seen.
pub fn count(kinds: impl Iterator<Item = CleanupKind>) -> Vec<Cleanup> {
    let mut out: Vec<Cleanup> = Vec::new();
    for what in kinds {
        match out.iter_mut().find(|c| c.what == what) {
            Some(c) => c.count += 1,
            None => out.push(Cleanup { what, count: 1 }),
        }
    }
    out
}

/// Is byte `i` at the end of a run of token characters long enough to be a token (a cut token
/// is named by the token finder, not repaired)?
fn after_token(input: &str, i: usize) -> bool {
    let run = input[..i].chars().rev().take_while(|c| is_b64(*c) || matches!(c, '.' | '=' | '+' | '/')).count();
    run >= 16
}

pub(super) fn is_b64(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

const ENTITIES: &[(&str, &str)] = &[
    ("&quot;", "\""),
    ("&#34;", "\""),
    ("&#39;", "'"),
    ("&#x27;", "'"),
    ("&apos;", "'"),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&amp;", "&"),
    ("&#x2F;", "/"),
    ("&#47;", "/"),
];

/// Repair the paste: a trace's data dumps (or a wire log's lines) first, then lines (quote marks, wrapped tokens), then
/// characters.
pub fn repair(input: &str) -> Repaired {
    let joined = super::lines::join_dumps(input).or_else(|| super::lines::join_wire(input));
    let Some((text, dump_map, mut undone)) = joined else {
        return repair_lines(input);
    };
    let mut r = repair_lines(&text);
    undone.append(&mut r.undone);
    r.undone = undone;
    r.map = std::mem::take(&mut r.map).after(dump_map);
    r
}

fn repair_lines(input: &str) -> Repaired {
    match super::lines::unwrap_lines(input) {
        None => repair_chars(input),
        Some((text, lines_map, mut undone)) => {
            let mut r = repair_chars(&text);
            undone.append(&mut r.undone);
            r.undone = undone;
            let mut map = r.map;
            map.before = Some(Box::new(lines_map));
            r.map = map;
            r
        }
    }
}

/// Characters: curly quotes, dashes, ellipses, entities.
fn repair_chars(input: &str) -> Repaired {
    let needs = input.contains(['‘', '’', '“', '”', '–', '—', '…', '′', '″']) || input.contains('&');
    if !needs {
        return Repaired { text: input.to_string(), undone: Vec::new(), map: SpanMap::default(), edits: Vec::new() };
    }
    let mut out = String::with_capacity(input.len());
    let mut map = SpanMap::default();
    let (mut quotes, mut dashes_flag, mut dashes_token, mut dashes_text, mut ellipses, mut entities) =
        (0, 0, 0, 0, 0, 0);
    let mut i = 0;
    let bytes = input.as_bytes();
    let mut edits: Vec<(usize, CleanupKind)> = Vec::new();
    // A curly quote around a token is the token reader's to strip (and to say so); the quote
    // that closes it is found at the end of the token's characters.
    let mut keep_close: Option<usize> = None;
    while i < input.len() {
        let c = input[i..].chars().next().unwrap_or('\0');
        let len = c.len_utf8();
        let prev = input[..i].chars().next_back();
        let next = input[i + len..].chars().next();
        if matches!(c, '“' | '‘') && input[i + len..].starts_with("eyJ") {
            let run = input[i + len..]
                .char_indices()
                .find(|(_, c)| {
                    !(is_b64(*c) || matches!(c, '.' | '=' | '+' | '/') || c.is_whitespace() || super::is_invisible(*c))
                })
                .map_or(input.len(), |(j, _)| i + len + j);
            // White space before the closing quote belongs outside the token.
            let close = input[..run].trim_end().len();
            keep_close = [close, run].into_iter().find(|at| input[*at..].starts_with(['”', '’']));
            out.push(c);
            i += len;
            continue;
        }
        if keep_close == Some(i) {
            keep_close = None;
            out.push(c);
            i += len;
            continue;
        }
        let replacement: Option<(&str, usize, CleanupKind)> = match c {
            '‘' | '’' | '′' => {
                quotes += 1;
                Some(("'", len, CleanupKind::CurlyQuotes))
            }
            '“' | '”' | '″' => {
                quotes += 1;
                Some(("\"", len, CleanupKind::CurlyQuotes))
            }
            '–' | '—' => {
                let spaced =
                    prev.is_some_and(|p| p == ' ' || p == '\u{a0}') && next.is_some_and(|n| n == ' ' || n == '\u{a0}');
                if spaced {
                    dashes_text += 1;
                    Some(("-", len, CleanupKind::DashInText))
                } else if prev.is_some_and(is_b64) && next.is_some_and(is_b64) {
                    dashes_token += 1;
                    Some((if c == '–' { "--" } else { "---" }, len, CleanupKind::DashInToken))
                } else if next.is_some_and(|n| n.is_ascii_alphabetic()) {
                    dashes_flag += 1;
                    Some((if c == '–' { "--" } else { "---" }, len, CleanupKind::DashInFlag))
                } else {
                    None
                }
            }
            '…' if !after_token(input, i) => {
                ellipses += 1;
                Some(("...", len, CleanupKind::Ellipsis))
            }
            '&' => ENTITIES.iter().find(|(e, _)| bytes[i..].starts_with(e.as_bytes())).map(|(e, r)| {
                entities += 1;
                (*r, e.len(), CleanupKind::HtmlEntities)
            }),
            _ => None,
        };
        match replacement {
            Some((r, consumed, what)) => {
                edits.push((out.len(), what));
                out.push_str(r);
                i += consumed;
                map.points.push((out.len(), i));
            }
            None => {
                out.push(c);
                i += len;
            }
        }
    }
    let mut undone = Vec::new();
    for (what, count) in [
        (CleanupKind::CurlyQuotes, quotes),
        (CleanupKind::DashInFlag, dashes_flag),
        (CleanupKind::DashInToken, dashes_token),
        (CleanupKind::DashInText, dashes_text),
        (CleanupKind::Ellipsis, ellipses),
        (CleanupKind::HtmlEntities, entities),
    ] {
        if count > 0 {
            undone.push(Cleanup { what, count });
        }
    }
    if undone.is_empty() {
        return Repaired { text: input.to_string(), undone, map: SpanMap::default(), edits };
    }
    Repaired { text: out, undone, map, edits }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forum_typography_is_undone_and_counted() {
        let r = repair("Invalid ‘iss’/‘sub’ claims in client_assertion JWT – more “x” &amp; –data-urlencode …");
        assert_eq!(r.text, "Invalid 'iss'/'sub' claims in client_assertion JWT - more \"x\" & --data-urlencode ...");
        let kinds: Vec<_> = r.undone.iter().map(|c| (c.what, c.count)).collect();
        assert!(kinds.contains(&(CleanupKind::CurlyQuotes, 6)), "{kinds:?}");
        assert!(kinds.contains(&(CleanupKind::DashInFlag, 1)));
        assert!(kinds.contains(&(CleanupKind::DashInText, 1)));
        assert!(kinds.contains(&(CleanupKind::HtmlEntities, 1)));
    }

    #[test]
    fn an_en_dash_inside_a_token_is_two_hyphens_and_an_ellipsis_there_stays() {
        let r = repair("eyJhbGc.eyJzdWIi.abc–def and eyJhbGciOiJSUzUxMiIs…xyz, said “eyJhbGc.x.y”… ok");
        assert_eq!(r.text, "eyJhbGc.eyJzdWIi.abc--def and eyJhbGciOiJSUzUxMiIs…xyz, said “eyJhbGc.x.y”... ok");
        assert!(r.undone.iter().any(|c| c.what == CleanupKind::DashInToken));
    }

    #[test]
    fn offsets_map_back_to_the_paste() {
        let input = "“a” x";
        let r = repair(input);
        assert_eq!(r.text, "\"a\" x");
        let x = r.text.find('x').unwrap();
        assert_eq!(&input[r.map.original(x)..], "x");
        assert_eq!(r.map.original(0), 0);
    }

    #[test]
    fn a_quoted_wrapped_token_is_joined_and_maps_back() {
        let input = "Hi\n> We get this:\n> eyJhbGciOiJSUzUxMiIsInR5cCI6Ik\n> pXVCJ9.eyJpc3MiOiJ4In0.c2lnbmF0dX\n> \
            JlIGhlcmU\n>\n> ok?";
        let r = repair(input);
        assert!(
            r.text.contains("eyJhbGciOiJSUzUxMiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJlIGhlcmU\n"),
            "{}",
            r.text
        );
        let at = r.text.find("pXVCJ9").unwrap();
        assert_eq!(&input[r.map.original(at)..r.map.original(at) + 6], "pXVCJ9");
        let kinds: Vec<_> = r.undone.iter().map(|c| c.what).collect();
        assert!(kinds.contains(&CleanupKind::QuoteMarks) && kinds.contains(&CleanupKind::WrappedToken), "{kinds:?}");
    }

    #[test]
    fn a_log_head_on_every_line_of_an_http_exchange_is_set_aside() {
        let input = "10:14:03.112 INFO  okhttp3.OkHttpClient - --> POST https://int.api.service.nhs.uk/oauth2/token\n\
                     10:14:03.112 INFO  okhttp3.OkHttpClient - Content-Type: application/x-www-form-urlencoded\n\
                     10:14:03.112 INFO  okhttp3.OkHttpClient - \n\
                     10:14:03.113 INFO  okhttp3.OkHttpClient - grant_type=client_credentials\n";
        let r = repair(input);
        assert_eq!(
            r.text,
            "10:14:03.112 INFO  okhttp3.OkHttpClient -\n--> POST https://int.api.service.nhs.uk/oauth2/token\n\
             Content-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials\n"
        );
        let at = r.text.find("grant_type").unwrap();
        assert_eq!(&input[r.map.original(at)..r.map.original(at) + 10], "grant_type");
        assert!(r.undone.iter().any(|c| c.what == CleanupKind::LogPrefix && c.count == 4), "{:?}", r.undone);
    }

    #[test]
    fn log_lines_that_are_not_an_exchange_keep_their_heads() {
        let input = "2024-01-01 10:00:01 INFO app - started\n2024-01-01 10:00:02 INFO app - token fetched\n\
                     2024-01-01 10:00:03 INFO app - calling PDS\n";
        assert_eq!(repair(input).text, input);
    }

    #[test]
    fn curl_verbose_keeps_its_request_marks() {
        let input = "> POST /oauth2/token HTTP/1.1\n> Host: int.api.service.nhs.uk\n< HTTP/1.1 401 Unauthorized\n";
        assert_eq!(repair(input).text, input);
    }

    #[test]
    fn plain_text_is_untouched() {
        let r = repair("curl -X POST https://int.api.service.nhs.uk/oauth2/token -d 'a=b&c=d'");
        assert!(r.undone.is_empty() && r.map.is_identity());
    }
}
