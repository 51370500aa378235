//! Find what a paste holds. A paste may be a bare token (perhaps with `Bearer `, quotes, line
//! breaks and invisible characters around or inside it), or any text holding tokens, error
//! bodies and requests — a forum post, a log, a cURL command.

pub mod fields;
pub mod json;
mod lines;
mod literals;
pub mod log_heads;
pub mod markup;
pub mod paste;
pub mod requests;
pub mod status;
pub mod times;
pub mod tokens;
pub mod typography;
pub mod vars;
pub mod window;

use serde::Serialize;

pub use paste::{extract, Paste, MAX_INPUT_BYTES};
pub use tokens::{find_tokens, FoundToken};

/// Something removed from the paste before decoding, said back to the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cleanup {
    pub what: CleanupKind,
    pub count: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CleanupKind {
    AuthorizationHeader,
    BearerPrefix,
    Quotes,
    Whitespace,
    Invisible,
    CurlyQuotes,
    HtmlEntities,
    Truncated,
    /// `–` read as the `--` of a command-line flag (`–data` → `--data`).
    DashInFlag,
    /// `–` inside a token read as the `--` it replaced.
    DashInToken,
    /// ` – ` between words read as ` - ` (as in the platform's error texts).
    DashInText,
    /// `…` read as `...`.
    Ellipsis,
    /// `> ` quote marks of a quoted mail or post removed.
    QuoteMarks,
    /// Line breaks inside a wrapped token removed.
    WrappedToken,
    /// A log's head (time, level, logger) set aside on the lines of an HTTP exchange it printed.
    LogPrefix,
    /// A Python dict's repr (single quotes, True/False/None) read as JSON.
    PythonLiteral,
    /// A Ruby hash's inspect output (`=>`, nil) read as JSON.
    RubyLiteral,
    /// JSON printed inside a string (`\"` for `"`) read as JSON.
    EscapedJson,
    /// `curl --trace-ascii` lines: offsets set aside, a wrapped data line joined.
    TraceDump,
    /// A Java client's wire log (`>> "…[\r][\n]"`) read as the bytes it logged.
    WireLog,
    /// A JavaScript object literal (bare keys, single quotes, Node's `[Object]`) read as JSON.
    JsLiteral,
}

impl Cleanup {
    pub fn describe(&self) -> String {
        let n = self.count;
        let s = if n == 1 { "" } else { "s" };
        match self.what {
            CleanupKind::AuthorizationHeader => "removed the “Authorization:” header name".to_string(),
            CleanupKind::BearerPrefix => "removed the “Bearer ” prefix".to_string(),
            CleanupKind::Quotes => "removed the quotes around the token".to_string(),
            CleanupKind::Whitespace => format!("removed {n} space{s} or line break{s} inside the token"),
            CleanupKind::Invisible => {
                format!("removed {n} invisible character{s} (zero-width or non-breaking space{s})")
            }
            CleanupKind::CurlyQuotes => format!("read {n} curly quote{s} as straight JSON quotes"),
            CleanupKind::PythonLiteral => "read a Python dict (single quotes, True, False, None) as JSON".to_string(),
            CleanupKind::RubyLiteral => "read a Ruby hash (=>, nil) as JSON".to_string(),
            CleanupKind::EscapedJson => "read JSON printed inside a string (\\\" for \") as JSON".to_string(),
            CleanupKind::TraceDump => format!("read {n} line{s} of a curl --trace-ascii dump without their offsets"),
            CleanupKind::WireLog => format!("read {n} line{s} of a wire log as the bytes they logged"),
            CleanupKind::JsLiteral => {
                "read a JavaScript object (bare keys, single quotes, as Node prints it) as JSON".to_string()
            }
            CleanupKind::HtmlEntities => format!("decoded {n} HTML entit{}", if n == 1 { "y" } else { "ies" }),
            CleanupKind::Truncated => format!("analysed {n} bytes of a larger paste"),
            CleanupKind::DashInFlag => {
                format!(
                    "read {n} en dash{} (–) as the -- of a cURL flag (forum software joins the two hyphens)",
                    if n == 1 { "" } else { "es" }
                )
            }
            CleanupKind::DashInToken => format!(
                "read {n} en dash{} (–) inside a token as the two hyphens (--) forum software had joined",
                if n == 1 { "" } else { "es" }
            ),
            CleanupKind::DashInText => {
                format!("read {n} en dash{} (–) between words as a hyphen (-)", if n == 1 { "" } else { "es" })
            }
            CleanupKind::Ellipsis => format!("read {n} ellipsis character{s} (…) as three dots"),
            CleanupKind::QuoteMarks => format!("removed the > quote marks of {n} quoted line{s}"),
            CleanupKind::WrappedToken => format!("joined a token wrapped over lines ({n} line break{s} removed)"),
            CleanupKind::LogPrefix => {
                format!("set aside the log's time, level and logger on {n} line{s} of the HTTP exchange it printed")
            }
        }
    }
}

/// Zero-width and non-breaking characters that ride along when copying from web pages,
/// chat tools and PDFs.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2007}'
            | '\u{202F}'
            | '\u{2060}'
            | '\u{FEFF}'
    )
}

/// Characters that may stand in a compact JWT as people paste it (base64url, the dot, and the
/// standard-base64 and padding characters we report on).
pub fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/')
}
