//! The paste's inventory: every finder runs once over the (capped, typography-repaired) text,
//! and what they found comes back as one value. After `extract`, no stage reads the raw input.

use crate::context::Context;
use crate::extract::fields::header_lines_at;
use crate::extract::json::{find_objects, FoundJson};
use crate::extract::requests::{find_requests, RawRequest};
use crate::extract::status::{find_status, status_line, status_lines};
use crate::extract::times::SeenTime;
use crate::extract::typography::{repair, Repaired};
use crate::extract::{find_tokens, times, vars, window, Cleanup, CleanupKind, FoundToken};

/// Pastes larger than this are cut (on a character boundary) and the report says so. 64 KiB
/// holds any forum post, request, response and RSA-4096 token many times over, and keeps a
/// paste → verdict within a frame even when the paste is a whole log file.
pub const MAX_INPUT_BYTES: usize = 64 << 10;

/// What the paste holds, found once.
#[derive(Clone, Debug, Default)]
pub struct Paste {
    /// The text every reader read: capped, forum and editor typography undone, with the map of
    /// its offsets back onto the paste and what was undone.
    pub repaired: Repaired,
    /// Why the paste was cut, when it was: what was kept, in words.
    pub truncated: Option<(Cleanup, String)>,
    pub tokens: Vec<FoundToken>,
    /// The paste is nothing but tokens: nothing else was looked for.
    pub tokens_only: bool,
    pub objects: Vec<FoundJson>,
    pub requests: Vec<RawRequest>,
    /// `NAME=value` variables the paste sets (a shell's `TOKEN=…`), for the requests that use them.
    pub vars: Vec<(String, String)>,
    /// `Name: value` header lines printed apart from a request (devtools).
    pub header_lines: Vec<(usize, String, String)>,
    /// A status the paste names anywhere (`a 401`, `status: 415`).
    pub named_status: Option<u16>,
    /// A status line (`HTTP/1.1 401`) and where each stands.
    pub status_line: Option<u16>,
    pub status_lines: Vec<(usize, u16)>,
    /// The API the paste calls, when the catalogue has entries of its own for it
    /// (`crate::platform::api_of`).
    pub api: Option<&'static str>,
    /// `Date:` headers and log timestamps.
    pub times: Vec<SeenTime>,
}

impl Paste {
    /// The text the readers read.
    pub fn text(&self) -> &str {
        &self.repaired.text
    }
}

/// Find everything once.
pub fn extract(input: &str, ctx: &Context) -> Paste {
    let (kept, truncated) = cap(input, ctx.pasted_len);
    let repaired = repair(&kept);
    let text = repaired.text.as_str();
    let tokens = find_tokens(text);
    // A paste that is nothing but tokens needs no further search.
    let mut covered = 0;
    let tokens_only = !tokens.is_empty()
        && tokens.iter().all(|t| {
            let gap = text.get(covered..t.start.min(text.len())).unwrap_or("");
            covered = covered.max(t.origin(t.compact.len()));
            gap.trim().is_empty()
        })
        && text.get(covered..).unwrap_or("").trim().is_empty();
    let mut paste = Paste { tokens, tokens_only, truncated, times: times::find(text), ..Paste::default() };
    if !tokens_only {
        paste.objects = find_objects(text);
        paste.objects.extend(super::markup::find_markup(text));
        paste.objects.sort_by_key(|o| o.span.start);
        paste.requests = find_requests(text);
        paste.vars = vars::find(text);
        paste.header_lines = header_lines_at(text);
        paste.named_status = find_status(text);
        paste.status_line = status_line(text);
        paste.status_lines = status_lines(text);
        paste.api = crate::platform::api_of(text).map(|a| a.id);
    }
    paste.repaired = repaired;
    paste
}

/// Over the cap, a pre-pass over the whole paste keeps what is worth analysing (the page's box
/// does the same before the paste reaches the core).
fn cap(input: &str, pasted_len: Option<usize>) -> (String, Option<(Cleanup, String)>) {
    let (kept, parts) = if input.len() > MAX_INPUT_BYTES {
        let w = window::window(input, MAX_INPUT_BYTES);
        (w.text, w.parts)
    } else {
        (input.to_string(), 0)
    };
    let end = kept.len();
    let message = match pasted_len {
        Some(total) => format!(
            "The paste is {total} characters; the page kept {end} bytes of it (the lines around tokens, error bodies \
             and requests, the latest first; its start when there are none), and analysed those."
        ),
        None if parts > 0 => format!(
            "The paste is {} bytes; the {end} bytes around its tokens, error bodies and requests ({parts} part{}, \
             the latest first) were analysed.",
            input.len(),
            if parts == 1 { "" } else { "s" }
        ),
        None if end < input.len() => format!("The paste is {} bytes; only the first {end} were analysed.", input.len()),
        None => return (kept, None),
    };
    (kept, Some((Cleanup { what: CleanupKind::Truncated, count: end }, message)))
}
