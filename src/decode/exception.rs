//! An exception as each language prints it, read without knowing the library that threw it:
//! Python's traceback, Java's and .NET's `Class: message` with `at` frames, Node's `Error:` with
//! `at` frames, Ruby's `message (Class)`, PHP's `Uncaught`, PowerShell's error record, and Go's
//! `log.Fatal` line before `exit status 1`. What it says about the key, the clock or the request
//! is read from its words (`hints`), so a message never seen before still gets its topic's fix.

use crate::vocab::Span;

/// An exception found in the paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thrown {
    /// "Python", "Java", ".NET", "Node", "Ruby", "PHP", "PowerShell", "Go".
    pub language: &'static str,
    /// The exception's class, when the language prints one.
    pub class: Option<String>,
    /// Its message.
    pub message: String,
    /// The line that holds it.
    pub span: Span,
}

pub(super) use super::exception_words::URL_WORDS;
use super::exception_words::{ANSWER_WORDS, AUTH_WORDS, NETWORK_WORDS};

/// A line without a container log's prefix (`api-1  | `, `web.1 | `, Heroku's
/// `2018-07-26T10:13:20+00:00 app[worker.1]: `): what the program printed.
fn without_log_prefix(at: usize, line: &str) -> (usize, &str) {
    // A CI runner's time before each line (GitHub Actions' `2026-01-14T09:31:02.7013310Z `).
    let (at, line) = match line.split_once(' ') {
        Some((time, rest)) if is_iso_time(time) => (at + time.len() + 1, rest),
        _ => (at, line),
    };
    match line.find(" | ").or_else(|| line.find(" |\t")) {
        Some(i) if i > 0 && i < 40 && !line[..i].trim().contains(' ') => {
            let cut = (i + 3).min(line.len());
            (at + cut, &line[cut..])
        }
        _ => match line.find("]: ").filter(|i| *i < 80) {
            // A process name and its dyno or pod in brackets, after the log's time.
            Some(i) if line[..i].rsplit(' ').next().is_some_and(|w| w.contains('[') && !w.starts_with('[')) => {
                (at + i + 3, &line[i + 3..])
            }
            _ => (at, line),
        },
    }
}

/// An ISO 8601 UTC time as a log prints it: `2026-01-14T09:31:02.7013310Z`.
fn is_iso_time(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 20
        && word.ends_with('Z')
        && b[4] == b'-'
        && b[10] == b'T'
        && word[..4].chars().all(|c| c.is_ascii_digit())
        && word[11..].chars().all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z'))
}

/// A line without the level a logger writes before what the program printed (`[ERROR] `,
/// `ERROR: `, Sidekiq's `pid=7 tid=2c8f WARN: `).
fn without_level(line: &str) -> &str {
    // pytest marks the failing lines of its report with `E   `.
    let line = line.strip_prefix("E ").filter(|r| r.starts_with("  ")).map_or(line, str::trim_start);
    const LEVELS: &[&str] = &["[ERROR] ", "[FATAL] ", "[WARN] ", "ERROR: ", "FATAL: ", "WARN: ", "WARNING: "];
    LEVELS
        .iter()
        .filter_map(|l| line.find(l).filter(|i| *i < 100).map(|i| i + l.len()))
        .min()
        .map_or(line, |cut| &line[cut..])
}

/// A line that says the process ended in failure: `exit status 1` (go run), Heroku's `Process
/// exited with status 1`, Docker's and npm's `exited with code 1`.
fn is_exit(line: &str) -> bool {
    let t = line.trim().to_ascii_lowercase();
    ["exit status ", "process exited with status ", "exited with code "].iter().any(|w| {
        t.find(w).is_some_and(|i| t[i + w.len()..].trim_start().starts_with(|c: char| c.is_ascii_digit() && c != '0'))
    })
}

/// The first exception in the text about the auth journey that no answer came back for.
pub fn find(text: &str) -> Option<Thrown> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l.trim_end_matches(['\n', '\r'])))
        })
        .map(|(at, l)| without_log_prefix(at, l))
        .collect();
    let traceback = text.contains("Traceback (most recent call last)");
    let thrown = (0..lines.len()).rev().filter_map(|i| read_line(&lines, i, traceback)).collect::<Vec<_>>();
    // The root cause is the last `Caused by:` (Java, .NET) or Node's `[cause]:`; a Python
    // traceback's chain ('The above exception was the direct cause…', 'During handling…') ends
    // with the exception the program stopped on, the library's own words for the low-level one
    // above it (PyJWT's 'Do you have cryptography installed?' for a KeyError); elsewhere the
    // first exception printed.
    let python_chain = traceback
        && (text.contains("The above exception was the direct cause") || text.contains("During handling of the above"));
    let last_python = thrown.iter().find(|t| python_chain && t.0.language == "Python");
    let mut pick = thrown.iter().find(|t| t.1).or(last_python).or_else(|| thrown.last()).map(|t| t.0.clone())?;
    // A script's tools fail in a cascade (`date` prints nothing, then `jq` is given nothing): the
    // last tool's error stopped it, and the ones before it say why.
    if pick.language == "shell" {
        let tools: Vec<&Thrown> = thrown.iter().rev().map(|t| &t.0).filter(|t| t.language == "shell").collect();
        if let Some(last) = tools.last().filter(|_| tools.len() > 1) {
            let before: Vec<String> = tools[..tools.len() - 1]
                .iter()
                .map(|t| format!("{}: {}", t.class.as_deref().unwrap_or(""), t.message))
                .collect();
            pick = Thrown { message: format!("{} (after {})", last.message, before.join("; ")), ..(*last).clone() };
        }
    }
    // About the auth journey by its words, its class or the frames below it (a crypto or token
    // library's frames under a bare `ObjectDisposedException`).
    // The frames around it: Python prints them above the exception, the others below.
    let at = lines.iter().position(|(start, _)| *start >= pick.span.start).unwrap_or(0);
    // A Python traceback's frames are all of it above the exception, back to its `Traceback`
    // line (a deep one through json's encoder puts the library's frames 20 lines up).
    let from = if pick.language == "Python" {
        let top = lines[..at].iter().rposition(|(_, l)| l.contains("Traceback (most recent call last)"));
        top.filter(|t| at - t <= 80).map_or(at.saturating_sub(12), |t| t.min(at.saturating_sub(12)))
    } else {
        at.saturating_sub(12)
    };
    let frames: String = lines[from..(at + 12).min(lines.len())].iter().map(|(_, l)| *l).collect::<Vec<_>>().join(" ");
    let about = format!("{} {}", pick.class.as_deref().unwrap_or(""), pick.message).to_ascii_lowercase();
    let context = frames.to_ascii_lowercase();
    let auth = AUTH_WORDS.iter().any(|w| about.contains(w))
        || NETWORK_WORDS.iter().chain(URL_WORDS).any(|w| about.contains(w))
        || [
            "cryptography",
            "identitymodel",
            "jsonwebtoken",
            "jwt",
            "jose",
            "expires_in",
            "access_token",
            "accesstoken",
            "api.service.nhs.uk",
            "apim",
        ]
        .iter()
        .any(|w| context.contains(w));
    let answered = ANSWER_WORDS.iter().any(|w| about.contains(w));
    (auth && !answered).then_some(pick)
}

/// Line `i` as an exception, and whether it is a root cause (`Caused by:`).
fn read_line(lines: &[(usize, &str)], i: usize, traceback: bool) -> Option<(Thrown, bool)> {
    let (off, raw) = lines[i];
    let line = raw.trim();
    let span = Span { start: off, end: off + raw.len() };
    let next = lines.get(i + 1).map_or("", |(_, l)| *l);
    let framed = next.trim_start().starts_with("at ") && next.starts_with([' ', '\t']);
    let thrown = |language, class: Option<&str>, message: &str| Thrown {
        language,
        class: class.map(str::to_string),
        message: message.trim().to_string(),
        span,
    };
    // PHP 5: `Fatal error: Uncaught exception 'DomainException' with message 'm' in /app/x.php:198`.
    if let Some(rest) = line.split_once("Uncaught exception '").map(|(_, r)| r).filter(|_| line.contains("Fatal error"))
    {
        let (class, rest) = rest.split_once("' with message '")?;
        let message = rest.split_once("' in ").map_or(rest, |(m, _)| m);
        return Some((thrown("PHP", Some(class), message), false));
    }
    // PHP: `PHP Fatal error:  Uncaught DomainException: message in /app/x.php:12`.
    if let Some(rest) = line.split_once("Uncaught ").map(|(_, r)| r).filter(|_| line.contains("Fatal error")) {
        let (class, message) = rest.split_once(": ")?;
        let message = message.rsplit_once(" in /").map_or(message, |(m, _)| m);
        return Some((thrown("PHP", Some(class), message), false));
    }
    // PowerShell: `Cmdlet : message` followed by `At line:1 char:1`, or PS 7's `Cmdlet: message`.
    if let Some((cmdlet, message)) = line.split_once(':') {
        let ps_cmdlet =
            cmdlet.trim().contains('-') && cmdlet.trim().chars().all(|c| c.is_ascii_alphabetic() || c == '-');
        // PS 7 prints the response body as an HTTP cmdlet's error (`Invoke-RestMethod:` and the
        // body on the lines below): that is the server's answer, not an error of the client.
        let answer = message.trim().is_empty() || message.trim_start().starts_with(['{', '<']);
        if ps_cmdlet && !answer && (next.trim_start().starts_with("At ") || cmdlet.starts_with("Invoke-")) {
            return Some((thrown("PowerShell", None, message), false));
        }
    }
    // PHP's Collision (Laravel, Pest): the class alone on its line (`Lcobucci\JWT\Signer\InvalidKeyProvided`),
    // a blank line, then the message.
    let php_class = line.contains('\\')
        && line.split('\\').all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if php_class && next.trim().is_empty() {
        if let Some((_, message)) = lines.get(i + 2).filter(|(_, l)| !l.trim().is_empty()) {
            let message = message.trim().trim_end_matches(", reason:").trim_end_matches(':');
            return Some((thrown("PHP", Some(line), message), false));
        }
    }
    // Ruby: `path.rb:88:in 'm': message (OpenSSL::PKey::RSAError)` or Rails' `Class (message):`.
    if let Some(t) = ruby(line) {
        return Some((thrown("Ruby", Some(&t.0), &t.1), false));
    }
    // Dart and Flutter: `Unhandled Exception: Bad state: message` (or the error alone on its line)
    // with `#0      Class.method (package:…)` frames below.
    let dart_frame = next.contains("#0 ") && (next.contains("(package:") || next.contains("(dart:"));
    if dart_frame {
        let text = line.split_once("Unhandled Exception: ").map_or(line, |(_, r)| r);
        if let Some((class, message)) = text.split_once(": ") {
            return Some((thrown("Dart", Some(class), message.trim_end_matches('.')), false));
        }
    }
    // Go: a log line right before `exit status 1`, or `panic: message`.
    if let Some(message) = line.strip_prefix("panic: ") {
        return Some((thrown("Go", None, message), false));
    }
    if is_exit(next) && !line.is_empty() {
        let message = go_log_message(line);
        // Go's `log.Fatal` writes its time first; `go run` says `exit status 1`.
        if message.len() < line.len() || next.trim() == "exit status 1" {
            return Some((thrown("Go", None, message), false));
        }
    }
    // A compiler's diagnostic, Rust's `Error:` from main, a tool's error, a structured log's event.
    if let Some((language, class, message)) = super::error_lines::read(without_level(line), next) {
        return Some((thrown(language, class.as_deref(), &message), false));
    }
    // `Class: message` — with `at` frames below (Java, .NET, Node), or ending a Python traceback.
    // A root cause: Java's and .NET's `Caused by: `, Node's `[cause]: ` (its indentation kept out).
    let (line, cause_line) = without_lead(without_level(line));
    let (head, message) = line.split_once(": ").unwrap_or((line, ""));
    let cause = cause_line;
    let head = head.trim_start_matches("Unhandled exception. ");
    let head = head.rsplit_once(' ').filter(|_| head.starts_with("Exception in thread")).map_or(head, |(_, c)| c);
    let head = head.trim_start_matches("Uncaught ");
    let class = head.split_once(" [").map_or(head, |(c, _)| c);
    // A Python traceback ends with its exception at the margin, whatever the class is called
    // (requests' `InvalidHeader`, `MissingSchema`).
    let python_last = traceback
        && !raw.starts_with([' ', '\t'])
        && class.contains('.')
        && class.rsplit('.').next().is_some_and(|c| c.starts_with(|ch: char| ch.is_ascii_uppercase()))
        && class.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_'));
    if !is_class(class) && !python_last {
        return None;
    }
    // Ruby's backtrace below: `from /gems/jwt-1.5.4/lib/jwt.rb:35:in 'sign_rsa'` (irb), or the
    // frame alone (a job runner's log).
    let next_code = without_level(next.trim_start());
    let ruby_frame = next_code.trim_start_matches("from ").contains(".rb:") && next_code.contains(":in ");
    let language = if ruby_frame {
        "Ruby"
    } else if class.starts_with("System.") || class.starts_with("Microsoft.") || class.contains("IdentityModel") {
        ".NET"
    } else if class.contains('.') && framed {
        if class.chars().next().is_some_and(char::is_uppercase) {
            ".NET"
        } else {
            "Java"
        }
    } else if framed {
        "Node"
    } else if traceback && !raw.starts_with([' ', '\t']) {
        "Python"
    } else {
        return None;
    };
    Some((thrown(language, Some(class), message), cause))
}

/// A line's exception without what a runtime prints before it, and whether it is a root cause:
/// Java's and .NET's `Caused by: `, Node's `[cause]: ` (its indentation kept out), and Node's
/// `(node:123) UnhandledPromiseRejectionWarning: ` before a rejection's error.
pub(super) fn without_lead(line: &str) -> (&str, bool) {
    let line = line.split_once("UnhandledPromiseRejectionWarning: ").map_or(line, |(_, rest)| rest);
    match line.strip_prefix("Caused by: ").or_else(|| line.strip_prefix("[cause]: ")) {
        Some(rest) => (rest, true),
        None => (line, false),
    }
}

/// An exception class: a dotted identifier whose last part names an error.
fn is_class(s: &str) -> bool {
    // .NET writes a nested class after a `+` (`CryptoThrowHelper+WindowsCryptographicException`).
    let last = s.rsplit(['.', ':', '+']).next().unwrap_or("");
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '$' | ':' | '+'))
        && (last.ends_with("Error") || last.ends_with("Exception") || last.ends_with("Fault"))
}

/// Ruby's two shapes: `… message (Class)` and `Class (message):`.
fn ruby(line: &str) -> Option<(String, String)> {
    let t = line.trim_end_matches(':');
    let open = t.rfind(" (")?;
    let inner = t[open + 2..].strip_suffix(')')?;
    let before = &t[..open];
    let ruby_class = |c: &str| {
        c.contains("::")
            && c.split("::").all(|p| {
                p.chars().next().is_some_and(|ch| ch.is_ascii_uppercase())
                    && p.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
            })
    };
    // A class without a namespace (`NoMethodError`) on a line that names its frame (`:in 'm'`).
    let framed = (t.contains(":in `") || t.contains(":in '")) && is_class(inner) && !inner.contains('.');
    if ruby_class(inner) || framed {
        let message = before.rsplit_once("': ").map_or(before, |(_, m)| m);
        return Some((inner.to_string(), message.to_string()));
    }
    let class = before.rsplit(' ').next()?;
    ruby_class(class).then(|| (class.to_string(), inner.to_string()))
}

/// A Go log line without its timestamp: `2024/10/15 14:02:41 message`.
fn go_log_message(line: &str) -> &str {
    let mut words = line.splitn(3, ' ');
    match (words.next(), words.next(), words.next()) {
        (Some(d), Some(t), Some(rest)) if d.matches('/').count() == 2 && t.matches(':').count() == 2 => rest,
        _ => line,
    }
}

#[cfg(test)]
#[path = "exception_tests.rs"]
mod tests;
