//! curl's own error line (`curl: (6) Could not resolve host: …`): curl stopped before an answer
//! came, often before a request left the machine. Its exit code says which stage failed; the
//! explanation is by that code (curl's libcurl-errors list), the shell's quoting first.

use super::client_error::ClientError;
use crate::vocab::Span;

/// The first `curl: (N) message` line of the text.
pub fn find(text: &str) -> Option<ClientError> {
    let (at, line, code) = text.match_indices("curl: (").find_map(|(at, _)| {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = &text[at..end];
        let code = line[7..].split(')').next()?;
        let digits = !code.is_empty() && code.len() <= 2 && code.chars().all(|c| c.is_ascii_digit());
        Some((start, line, code.parse::<u16>().ok().filter(|_| digits)?))
    })?;
    // 22 (--fail on an error status) and 56 (`CONNECT tunnel failed, response 407`): an answer
    // came, from the server or a proxy; that answer is what to explain, not curl's words.
    if matches!(code, 22 | 56) {
        return None;
    }
    let message = line.split_once(") ").map_or(line, |(_, m)| m).trim().to_string();
    let single_quotes = message.contains("\"'") || message.contains("'\"") || message.ends_with('\'');
    let (cause, fix) = match code {
        1 | 3 if single_quotes => (
            "curl got the URL with a quote mark as part of it: the shell passed the single quotes through. Windows \
             cmd does not treat '…' as quotes, so every single-quoted argument (the URL, -H, -d) arrived with its \
             quotes, and nothing was sent.",
            "In cmd use double quotes (\"https://…\", -H \"Content-Type: …\"), or run the command in PowerShell as \
             curl.exe, or in Git Bash/WSL where single quotes work; escape the double quotes inside a -d body.",
        ),
        1 | 3 => (
            "curl could not read the URL (an unsupported scheme, a space, a brace or a quote in it): nothing was sent.",
            "Write the URL exactly (https://int.api.service.nhs.uk/oauth2/token), quoted for your shell, with no \
             unfilled {{variable}}.",
        ),
        6 => (
            "curl could not resolve the host name: no request left the machine. The host is misspelt, or DNS (a \
             VPN, a corporate resolver or proxy) does not resolve it, or the shell split the command (a line \
             continuation cmd does not know, so a later word was taken for a host).",
            "Check the host (int.api.service.nhs.uk, api.service.nhs.uk), set the proxy (HTTPS_PROXY, --proxy) if \
             your network needs one, and in Windows cmd put the command on one line or end lines with ^.",
        ),
        7 | 28 => (
            "curl could not connect (or timed out) before an answer: a firewall, a proxy the network requires, or \
             the host is not reachable from here. No gateway check ran.",
            "Set the proxy your network needs (HTTPS_PROXY or --proxy), allow outbound HTTPS to *.api.service.nhs.uk, \
             and try again.",
        ),
        35 | 60 | 77 => (
            "curl did not trust the TLS connection: most often a corporate proxy that inspects HTTPS with its own \
             certificate authority. No request reached the platform.",
            "Give curl your organisation's CA bundle (--cacert or CURL_CA_BUNDLE); never turn verification off for \
             calls that carry a client assertion or a token.",
        ),
        26 => (
            "curl could not read a file it was told to send (-d @file, --data-binary @file): nothing was sent.",
            "Check the file's path from where curl runs, or pass the form inline.",
        ),
        _ => (
            "curl stopped with this error before an answer came: no gateway check applies yet.",
            "Fix what curl's message says (man curl, EXIT CODES), then send the request again.",
        ),
    };
    let end = at + line.len();
    Some(ClientError {
        library: format!("curl (exit code {code})"),
        message,
        span: Span { start: at, end },
        cause: cause.to_string(),
        fix: fix.to_string(),
        after_response: false,
    })
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn curls_own_errors_say_what_stopped_it() {
        let cmd = "C:\\> curl -X POST 'https://int.api.service.nhs.uk/oauth2/token'\ncurl: (1) Protocol \"'https\" not supported";
        let e = find(cmd).expect("a curl error");
        assert!(e.cause.contains("single quotes") && e.fix.contains("double quotes"), "{}", e.cause);
        let dns = find("curl: (6) Could not resolve host: int.api.service.nhs.uk").expect("dns");
        assert!(dns.cause.contains("resolve") && !dns.after_response);
    }

    #[test]
    fn silent_without_curls_error_line() {
        assert!(find("curl -X POST https://int.api.service.nhs.uk/oauth2/token").is_none());
        assert!(find("the curl: (see above) output").is_none());
        assert!(find("curl: (56) CONNECT tunnel failed, response 407").is_none());
    }
}
