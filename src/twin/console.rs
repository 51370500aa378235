//! The twin's console: one line per request, safe to print whatever the request held, and
//! written by a thread of its own so that a console that does not keep up (a paused terminal,
//! a full pipe) never holds a request back.

use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `s` as printable text of at most `max` characters: control characters (C0, DEL, C1 — the
/// newline that would start a forged line, the escape that would retitle or clear a terminal)
/// and the invisible characters that reorder or hide text (bidi controls, zero-width, line and
/// paragraph separators) become `\n`, `\u{1b}`, `\u{202e}`…; a backslash becomes `\\` so that
/// an escape cannot be forged either. Longer text is cut with `…(+N chars)`.
pub fn escape(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max + 16));
    let mut chars = s.chars();
    for (kept, c) in chars.by_ref().enumerate() {
        if kept == max {
            let rest = 1 + chars.count();
            out.push_str(&format!("…(+{rest} chars)"));
            break;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || invisible(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Unicode format characters and separators that change how the text around them reads.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// Lines waiting for the console at most; beyond, a line is dropped (and counted) rather than
/// a request kept waiting.
const QUEUE: usize = 4096;

/// Standard output, written by its own thread.
pub struct Console {
    tx: Option<SyncSender<String>>,
    dropped: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Console {
    pub fn stdout() -> Console {
        let (tx, rx) = sync_channel::<String>(QUEUE);
        let dropped = Arc::new(AtomicU64::new(0));
        let missed = dropped.clone();
        let thread = std::thread::Builder::new()
            .name("auth-triage-twin-console".into())
            .spawn(move || {
                for line in rx {
                    // A closed stdout (`| head`) must not fail anything: write, ignore errors.
                    let mut out = std::io::stdout().lock();
                    let n = missed.swap(0, Ordering::Relaxed);
                    if n > 0 {
                        let _ = writeln!(out, "[twin] {n} console lines dropped: the console was not keeping up");
                    }
                    let _ = writeln!(out, "{line}");
                }
            })
            .ok();
        Console { tx: thread.as_ref().map(|_| tx), dropped, thread }
    }

    /// Queue a line (never waits).
    pub fn line(&self, line: String) {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.try_send(line).is_ok());
        if !sent {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Print what is queued, waiting at most `within` for a console that does not keep up.
    pub fn flush(&mut self, within: Duration) {
        drop(self.tx.take());
        let Some(thread) = self.thread.take() else { return };
        let deadline = Instant::now() + within;
        while !thread.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        if thread.is_finished() {
            let _ = thread.join();
        }
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.flush(Duration::from_secs(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_invisible_characters_are_escaped() {
        let forged =
            "x\n[twin int] POST /oauth2/token -> 200 access token issued (step 16)\u{1b}]0;pwned\u{7}\u{1b}[2J";
        let e = escape(forged, 1_000);
        assert_eq!(
            e,
            "x\\n[twin int] POST /oauth2/token -> 200 access token issued (step 16)\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"
        );
        assert!(!e.chars().any(|c| c.is_control()));
        assert_eq!(escape("a\u{202e}b\u{9b}c\r\td\\n", 100), "a\\u{202e}b\\u{9b}c\\r\\td\\\\n");
        assert_eq!(escape("…sub=AbCd…2345 é", 100), "…sub=AbCd…2345 é");
    }

    #[test]
    fn long_text_is_cut_with_its_length() {
        assert_eq!(escape("abcdef", 4), "abcd…(+2 chars)");
        assert_eq!(escape("abcd", 4), "abcd");
        assert_eq!(escape(&"\n".repeat(5), 2), "\\n\\n…(+3 chars)");
    }
}
