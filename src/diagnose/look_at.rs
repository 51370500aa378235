//! The lines of the paste about an error: where its words (the catalogue's `look_for`) meet the
//! user's code, config, log or prose. They point at what to check first, in the paste's own
//! words ("which words of the paste decided it"); they are pointers, not proof, and never raise a
//! cause's certainty. Secrets are masked in them: long opaque strings (JWT segments, keys,
//! secrets) keep their first and last four characters, and private key blocks are skipped.

use serde::Serialize;

use crate::vocab::ErrorId;

/// At most this many lines are quoted for one error.
const MAX_LINES: usize = 3;
/// A quoted line is cut to about this many characters, around its first matched word.
const MAX_CHARS: usize = 160;
/// Longer runs of key-like characters are masked.
const OPAQUE: usize = 24;

/// One line of the paste.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuotedLine {
    /// 1-based line number in the paste.
    pub line: usize,
    /// The line, trimmed, cut and masked.
    pub text: String,
    /// The words of the topic it holds.
    pub words: Vec<&'static str>,
}

/// The paste's lines about one error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LookAt {
    /// What they are about ("the assertion's times").
    pub about: &'static str,
    pub lines: Vec<QuotedLine>,
}

/// The lines of `text` that hold at least two of the words pointing at `id` (the answer's own
/// lines, tokens and key blocks left out), most words first, shown in the paste's order.
pub fn look_at(text: &str, id: ErrorId) -> Option<LookAt> {
    let topics: Vec<_> = crate::catalogue::look_for(id).collect();
    let about = topics.first()?.about;
    let words: Vec<&'static str> = topics.iter().flat_map(|t| t.words.iter().copied()).collect();
    let mut in_key = false;
    let mut scored: Vec<(usize, QuotedLine)> = Vec::new();
    for (i, raw) in text.lines().enumerate().take(20_000) {
        let line = raw.trim();
        if line.contains("-----BEGIN") {
            in_key = line.contains("PRIVATE");
            continue;
        }
        if in_key {
            in_key = !line.contains("-----END");
            continue;
        }
        if is_answer(line) || line.len() > 4_000 {
            continue;
        }
        let lower = line.to_lowercase();
        let held: Vec<&'static str> = words.iter().copied().filter(|w| holds(&lower, w)).collect();
        let distinct = distinct_words(&held);
        if distinct < 2 {
            continue;
        }
        scored.push((distinct, QuotedLine { line: i + 1, text: quote(line, held[0]), words: held }));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.line.cmp(&b.1.line)));
    let mut lines: Vec<QuotedLine> = Vec::new();
    for (_, q) in scored {
        if lines.len() == MAX_LINES {
            break;
        }
        if !lines.iter().any(|l| l.text == q.text) {
            lines.push(q);
        }
    }
    lines.sort_by_key(|l| l.line);
    (!lines.is_empty()).then_some(LookAt { about, lines })
}

/// Words that differ other than by case or a prefix of each other count once (`expires`,
/// `expiresIn`).
fn distinct_words(held: &[&str]) -> usize {
    let lower: Vec<String> = held.iter().map(|w| w.to_lowercase()).collect();
    lower
        .iter()
        .enumerate()
        .filter(|(i, w)| !lower[..*i].iter().any(|v| w.starts_with(v.as_str()) || v.starts_with(w.as_str())))
        .count()
}

/// The answer itself (already shown as the verdict) and a bare token are not pointers.
fn is_answer(line: &str) -> bool {
    ["error_description", "\"faultstring\"", "\"diagnostics\"", "\"resourceType\""].iter().any(|k| line.contains(k))
        || line.starts_with("eyJ") && !line.contains(' ')
}

/// Does `hay` (a line, lowercased once by the caller) hold `word`: case-insensitively, starting a
/// word (after a letter or digit it is part of another word), and for short words (4 letters or
/// fewer) also ending one.
fn holds(hay: &str, word: &str) -> bool {
    let w = word.to_lowercase();
    let alnum_word = w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut from = 0;
    while let Some(at) = hay[from..].find(&w).map(|i| i + from) {
        let before = hay[..at].chars().next_back();
        let after = hay[at + w.len()..].chars().next();
        let starts = !alnum_word || before.is_none_or(|c| !c.is_ascii_alphanumeric());
        let ends = w.len() > 4 || !alnum_word || after.is_none_or(|c| !c.is_ascii_alphabetic());
        if starts && ends {
            return true;
        }
        from = at + w.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// The line cut around `word` and masked.
fn quote(line: &str, word: &str) -> String {
    let masked = mask(line);
    let chars: Vec<char> = masked.chars().collect();
    if chars.len() <= MAX_CHARS {
        return masked;
    }
    let lower: Vec<char> = chars.iter().map(char::to_ascii_lowercase).collect();
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let at = lower.windows(w.len().max(1)).position(|x| x == w.as_slice()).unwrap_or(0);
    let start = at.saturating_sub(MAX_CHARS / 3).min(chars.len() - MAX_CHARS);
    let end = start + MAX_CHARS;
    let mut out: String = chars[start..end].iter().collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// Runs of key-like characters (letters, digits, `-`, `_`, `+`, `/`-free base64) longer than
/// [`OPAQUE`] keep their first and last four characters.
fn mask(line: &str) -> String {
    let keyish = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '=');
    let mut out = String::with_capacity(line.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() > OPAQUE && run.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(&crate::platform::redact(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in line.chars() {
        if keyish(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_the_lines_that_hold_a_topics_words() {
        let paste = "import urllib3\n\
                     retry = Retry(total=3, backoff_factor=0.5, allowed_methods=None)\n\
                     session.mount('https://', HTTPAdapter(max_retries=retry))\n\
                     {\"error\": \"invalid_request\", \"error_description\": \"Non-unique 'jti' claim in client_assertion JWT\"}\n";
        let l = look_at(paste, ErrorId::JtiNonUnique).expect("lines");
        assert_eq!(l.about, "a replayed assertion");
        // The Retry line and the line mounting it; not the import, nor the answer.
        assert_eq!(l.lines.iter().map(|q| q.line).collect::<Vec<_>>(), [2, 3], "{l:?}");
        assert!(l.lines[0].text.contains("allowed_methods=None"));
    }

    #[test]
    fn silent_when_no_line_holds_two_words_or_the_error_has_no_topic() {
        assert_eq!(look_at("retry once\nnothing else", ErrorId::JtiNonUnique), None);
        assert_eq!(look_at("retry = Retry(backoff=2)", ErrorId::MeshMessageGone), None);
    }

    #[test]
    fn masks_secrets_and_skips_keys_tokens_and_the_answer() {
        let key = "jZmvYMeTZHktcDYRK6QCr9pGkEhnMkhH";
        let paste = format!(
            "-----BEGIN PRIVATE KEY-----\nexp iat retry sign key\n-----END PRIVATE KEY-----\n\
             eyJhbGciOiJSUzUxMiJ9.eyJleHAiOjF9.c2ln\n\
             payload = {{'iss': '{key}', 'exp': now + 300, 'iat': now}}\n"
        );
        let l = look_at(&paste, ErrorId::ExpTooFar).expect("lines");
        assert_eq!(l.lines.len(), 1, "{l:?}");
        assert!(!l.lines[0].text.contains(key), "{}", l.lines[0].text);
        assert!(l.lines[0].text.contains("jZmv…MkhH"));
    }

    #[test]
    fn short_words_match_whole_words_only() {
        assert!(holds("'exp': now + 300", "exp"));
        assert!(!holds("expect(now)", "exp"));
        assert!(holds("default_exp: 7200", "default_exp"));
        assert!(holds(&"expiresIn: '1h'".to_lowercase(), "expires"));
    }

    #[test]
    fn long_lines_are_cut_around_the_word() {
        let line = format!("{} retry allowed_methods=None {}", "a ".repeat(200), "b ".repeat(200));
        let q = quote(&line, "retry");
        assert!(q.chars().count() <= MAX_CHARS + 2);
        assert!(q.contains("retry"));
    }
}
