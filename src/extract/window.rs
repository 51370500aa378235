//! A paste larger than what is analysed (a whole log file, up to megabytes): a fast pre-pass
//! over all of it finds the places worth analysing — tokens (`eyJ…`), JSON objects (error
//! bodies, keys), cURL commands, HTTP request and status lines, devtools `Request URL:` lines,
//! token-endpoint URLs — and builds the text that is analysed from the lines around them,
//! the latest first (a log ends with the failure). One linear pass over bytes; no allocation
//! but the windows.

/// Lines kept before an anchor (a role such as `client_assertion:` may sit on the line above).
const BEFORE: usize = 1024;
/// Bytes kept after an anchor, then on to the end of that line (at most `AFTER_MAX`).
const AFTER: usize = 3 << 10;
const AFTER_MAX: usize = 8 << 10;
/// Put between two windows that were not adjacent in the paste.
pub const SEPARATOR: &str = "\n…\n";

/// What the pre-pass kept of a paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// The text to analyse: at most the budget, in the paste's own order.
    pub text: String,
    /// How many separate parts of the paste it holds; 0 when nothing was recognised and the
    /// paste's start was kept instead (or the paste fit whole).
    pub parts: usize,
}

/// The text to analyse from `input`, at most `budget` bytes. A paste that fits is kept whole;
/// one with nothing recognisable keeps its start (cut on a character boundary).
pub fn window(input: &str, budget: usize) -> Window {
    if input.len() <= budget {
        return Window { text: input.to_string(), parts: 0 };
    }
    let mut scan = Scan::default();
    scan.run(input, input.len());
    scan.finish(input, budget)
}

/// The pre-pass in steps, so a shell can spread a paste of megabytes over several short tasks:
/// `run` up to any byte offset (in order, as often as needed), then `finish`. The same windows
/// as one `window` call, wherever the steps fall.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// The windows found so far, merged when they touch, in order.
    spans: Vec<(usize, usize)>,
    /// The next byte to look at (past the last window: a window is never looked into twice).
    at: usize,
}

impl Scan {
    /// Look for anchors up to byte `until` of `input` (the whole paste, however much of it
    /// has been looked at: a window reaches a little before and after its anchor).
    pub fn run(&mut self, input: &str, until: usize) {
        let b = input.as_bytes();
        let until = until.min(b.len());
        while self.at < until {
            let i = self.at;
            if !is_anchor(b, i) {
                self.at += 1;
                continue;
            }
            // From the start of the line before the anchor's line (at most BEFORE back)…
            let floor_at = i.saturating_sub(BEFORE);
            let line_start =
                |at: usize| b[floor_at..at].iter().rposition(|&c| c == b'\n').map_or(floor_at, |p| floor_at + p + 1);
            let this_line = line_start(i);
            let lo = if this_line > floor_at { line_start(this_line - 1) } else { this_line };
            // …to the end of the line AFTER bytes on (at most AFTER_MAX on).
            let from = (i + AFTER).min(b.len());
            let cap = (i + AFTER_MAX).min(b.len());
            let hi = b[from..cap].iter().position(|&c| c == b'\n').map_or(cap, |p| from + p);
            let (lo, hi) = (ceil(input, lo), floor(input, hi).max(ceil(input, lo)));
            match self.spans.last_mut() {
                Some(last) if lo <= last.1 + 1 => last.1 = last.1.max(hi),
                _ => self.spans.push((lo, hi)),
            }
            self.at = hi.max(i + 1);
        }
    }

    /// How far the scan has looked, in bytes.
    pub fn at(&self) -> usize {
        self.at
    }

    /// The text to analyse: the latest windows that fit in `budget` bytes (the start of the
    /// paste when nothing was recognised). Call after `run` has reached the end.
    pub fn finish(self, input: &str, budget: usize) -> Window {
        if input.len() <= budget {
            return Window { text: input.to_string(), parts: 0 };
        }
        if self.spans.is_empty() {
            return Window { text: input[..floor(input, budget)].to_string(), parts: 0 };
        }
        // The latest windows first, while they fit; a last one too long is kept by its end.
        let mut chosen: Vec<(usize, usize)> = Vec::new();
        let mut used = 0;
        for &(lo, hi) in self.spans.iter().rev() {
            let cost = hi - lo + if chosen.is_empty() { 0 } else { SEPARATOR.len() };
            if used + cost <= budget {
                chosen.push((lo, hi));
                used += cost;
            } else {
                let room = budget.saturating_sub(used + if chosen.is_empty() { 0 } else { SEPARATOR.len() });
                if room >= 256 {
                    chosen.push((ceil(input, hi - room), hi));
                }
                break;
            }
        }
        chosen.reverse();
        let mut text = String::with_capacity(used);
        for (i, &(lo, hi)) in chosen.iter().enumerate() {
            if i > 0 {
                text.push_str(SEPARATOR);
            }
            text.push_str(&input[lo..hi]);
        }
        Window { text, parts: chosen.len() }
    }
}

fn is_anchor(b: &[u8], i: usize) -> bool {
    let rest = &b[i..];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    match b[i] {
        b'e' => rest.starts_with(b"eyJ"),
        b'{' => {
            let after = rest[1..].iter().take(32).position(|c| !c.is_ascii_whitespace()).map(|p| &rest[1 + p..]);
            after.is_some_and(|a| a.starts_with(b"\"") || a.starts_with("“".as_bytes()) || a.starts_with(b"&quot;"))
        }
        b'c' | b'C' => starts(b"curl ") && (i == 0 || !b[i - 1].is_ascii_alphanumeric()),
        b'H' => starts(b"HTTP/1.") || starts(b"HTTP/2 "),
        b'P' => rest.starts_with(b"POST "),
        b'R' => rest.starts_with(b"Request URL"),
        b'/' => rest.starts_with(b"/oauth2"),
        _ => false,
    }
}

fn floor(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil(s: &str, mut at: usize) -> usize {
    while at < s.len() && !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "Request URL: https://sandbox.api.service.nhs.uk/oauth2/token\nMethod: POST\n\
        Response Content: {\"fault\":{\"faultstring\":\"Invalid client identifier {0}\"}}\n";

    fn log(bytes: usize) -> String {
        let mut s = String::new();
        let mut n = 0;
        while s.len() < bytes {
            s.push_str(&format!("2025-10-09T08:53:{:02}Z INFO worker {n} processed batch ok\n", n % 60));
            n += 1;
        }
        s
    }

    const TOKEN: &str = "eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJ4In0.c2ln";

    /// `n` calls, each after `gap` bytes of log lines.
    fn calls(n: usize, gap: usize, call: impl Fn(usize) -> String) -> String {
        (0..n).map(|i| log(gap) + &call(i)).collect()
    }

    #[test]
    fn a_paste_that_fits_is_kept_whole() {
        assert_eq!(window("abc eyJ", 100), Window { text: "abc eyJ".into(), parts: 0 });
    }

    #[test]
    fn the_failure_at_the_end_of_a_big_log_is_kept() {
        let paste = format!("{}{SEED}", log(5 << 20));
        let w = window(&paste, 64 << 10);
        assert!(w.text.len() <= 64 << 10);
        assert_eq!(w.parts, 1);
        assert!(w.text.ends_with(SEED), "{}", &w.text[w.text.len().saturating_sub(300)..]);
    }

    #[test]
    fn windows_keep_paste_order_and_the_latest_win() {
        let paste = calls(200, 20 << 10, |i| {
            format!("call {i}: curl -X POST https://int.api.service.nhs.uk/oauth2/token -d client_assertion={TOKEN}\n")
        });
        let w = window(&paste, 64 << 10);
        assert!(w.text.len() <= 64 << 10 && w.parts > 1);
        assert!(w.text.contains("call 199:") && w.text.contains("call 198:") && !w.text.contains("call 0:"));
        assert!(w.text.find("call 198:") < w.text.find("call 199:"));
        assert_eq!(w.text.matches(SEPARATOR).count(), w.parts - 1);
    }

    #[test]
    fn the_scan_in_steps_finds_the_same_windows_wherever_the_steps_fall() {
        let mut paste =
            calls(40, 7 << 10, |i| format!("call {i}: client_assertion={TOKEN} {{\"error\": \"invalid_request\"}}\n"));
        paste.push_str(SEED);
        let whole = window(&paste, 64 << 10);
        for step in [1, 777, 4096, 65_536, 1 << 20] {
            let mut scan = Scan::default();
            let mut until = 0;
            while scan.at() < paste.len() {
                until += step;
                scan.run(&paste, until);
            }
            assert_eq!(scan.finish(&paste, 64 << 10), whole, "steps of {step} bytes");
        }
        assert!(whole.parts > 1 && whole.text.ends_with(SEED));
    }

    #[test]
    fn nothing_recognised_keeps_the_start_on_a_char_boundary() {
        let paste = "é".repeat(100_000);
        let w = window(&paste, 65_535);
        assert_eq!((w.text.len(), w.parts), (65_534, 0));
    }

    #[test]
    fn one_huge_line_of_tokens_is_kept_by_its_end_within_budget() {
        let paste = "eyJhbGciOiJSUzUxMiJ9.".repeat(250_000);
        let w = window(&paste, 64 << 10);
        assert!(w.text.len() <= 64 << 10 && w.text.len() > 60 << 10);
        assert!(paste.ends_with(&w.text));
    }

    #[test]
    fn pretty_printed_json_and_curly_quotes_are_anchors() {
        for body in ["{\n  \"error\": \"invalid_request\"\n}", "“{“fault”:{}}”"] {
            let paste = format!("{}{body}\n{}", log(100 << 10), "é".repeat(10));
            let w = window(&paste, 16 << 10);
            assert!(w.text.contains(body), "{body}");
        }
    }
}
