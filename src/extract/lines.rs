//! Passes over whole lines before characters are repaired: a trace's data dumps joined, wrapped
//! tokens joined, quote marks and log heads set aside. Each returns the new text, the map back to
//! the old one, and what it undid.

use super::typography::{is_b64, SpanMap};
use super::{Cleanup, CleanupKind};

/// Lines of a token wrapped by a mail client, a terminal or a forum, `> ` quote marks of a
/// quoted mail or post, and a log's head on every line of an HTTP exchange it printed: joined
/// and removed, so the token and the request read whole. `curl -v` output (with `< ` response
/// lines) keeps its `> ` request lines.
pub(super) fn unwrap_lines(input: &str) -> Option<(String, SpanMap, Vec<Cleanup>)> {
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        input
            .split_inclusive('\n')
            .map(|l| {
                let start = at;
                at += l.len();
                (start, l)
            })
            .collect()
    };
    let quoted =
        lines.iter().filter(|(_, l)| l.starts_with('>')).count() >= 2 && !lines.iter().any(|(_, l)| l.starts_with('<'));
    let (log_head, opens) = super::log_heads::log_prefixes(&lines);
    let token_chars = |t: &str| t.chars().all(|c| is_b64(c) || matches!(c, '.' | '=' | '+' | '/'));
    // What line `i` holds once its quote mark or log head and its indentation are set aside:
    // (prefix length, content). A run's first line keeps its head (it is split off below).
    let content = |i: usize| -> (usize, String) {
        let body = lines[i].1.trim_end_matches(['\n', '\r']);
        let mut prefix = 0;
        if log_head[i] > 0 && !opens[i] {
            prefix = log_head[i];
        } else if quoted && body.starts_with('>') {
            prefix = 1 + body[1..].len() - body[1..].trim_start_matches(' ').len();
        }
        (prefix, body.get(prefix..).unwrap_or_default().to_string())
    };
    let mut out = String::with_capacity(input.len());
    let mut map = SpanMap::default();
    let (mut marks, mut joins, mut heads) = (0, 0, 0);
    let mut in_token = false;
    for (i, &(start, line)) in lines.iter().enumerate() {
        let (prefix, text) = content(i);
        let continuing = in_token;
        let skip = if continuing {
            // The break was removed at the end of the line before: drop indentation too.
            prefix + (text.len() - text.trim_start().len())
        } else {
            prefix
        };
        if log_head[i] > 0 {
            heads += 1;
        }
        if skip > 0 {
            if !continuing && log_head[i] == 0 {
                marks += 1;
            }
            map.points.push((out.len(), start + skip));
        }
        let kept = &line[skip.min(line.len())..];
        let trimmed = text.trim();
        let is_piece = trimmed.len() >= 24 && token_chars(trimmed);
        let next_piece = lines.get(i + 1).is_some_and(|_| {
            let (_, t) = content(i + 1);
            let t = t.trim();
            !t.is_empty() && token_chars(t)
        });
        in_token = is_piece && (continuing || trimmed.contains("eyJ")) && next_piece;
        if in_token {
            let body = kept.trim_end_matches(['\n', '\r']);
            out.push_str(body);
            joins += 1;
            map.points.push((out.len(), start + line.len()));
        } else if opens[i] {
            // The head keeps its place and length; the white space that ends it becomes a break.
            let h = log_head[i];
            out.push_str(&line[..h - 1]);
            out.push('\n');
            out.push_str(&line[h..]);
        } else {
            out.push_str(kept);
        }
    }
    if marks + joins + heads == 0 {
        return None;
    }
    let mut undone = Vec::new();
    if quoted && marks > 0 {
        undone.push(Cleanup { what: CleanupKind::QuoteMarks, count: marks });
    }
    if heads > 0 {
        undone.push(Cleanup { what: CleanupKind::LogPrefix, count: heads });
    }
    if joins > 0 {
        undone.push(Cleanup { what: CleanupKind::WrappedToken, count: joins });
    }
    Some((out, map, undone))
}

/// `curl --trace-ascii` output: after each `=> Send header` / `<= Recv data` line, the bytes as
/// lines of `0040: text`, a data line 64 bytes long continuing on the next. The offsets are set
/// aside and a data line's full-width break removed, so the readers see the request line, the
/// headers and the body as sent (a JSON body split inside its strings reads whole).
pub(super) fn join_dumps(input: &str) -> Option<(String, SpanMap, Vec<Cleanup>)> {
    if !input.contains("=> Send ") && !input.contains("<= Recv ") {
        return None;
    }
    let is_dump = |l: &str| {
        let b = l.as_bytes();
        b.len() >= 6 && b[..4].iter().all(u8::is_ascii_hexdigit) && &b[4..6] == b": "
    };
    let lines: Vec<(usize, &str)> = {
        let mut at = 0;
        input
            .split_inclusive('\n')
            .map(|l| {
                at += l.len();
                (at - l.len(), l)
            })
            .collect()
    };
    let mut out = String::with_capacity(input.len());
    let mut map = SpanMap::default();
    // Inside a block: whether it holds data (wrapped at 64 bytes) rather than header lines.
    let mut block: Option<bool> = None;
    let mut count = 0;
    for (i, &(start, line)) in lines.iter().enumerate() {
        let t = line.trim_end_matches(['\n', '\r']);
        if t.starts_with("=> Send ") || t.starts_with("<= Recv ") {
            block = Some(t.contains(" data,"));
            out.push_str(line);
            continue;
        }
        if block.is_none() || !is_dump(t) {
            block = None;
            out.push_str(line);
            continue;
        }
        count += 1;
        map.points.push((out.len(), start + 6));
        let content = &t[6..];
        let next_is_dump = lines.get(i + 1).is_some_and(|(_, n)| is_dump(n));
        if block == Some(true) && content.len() == 64 && next_is_dump {
            out.push_str(content);
            map.points.push((out.len(), start + line.len()));
        } else {
            out.push_str(&line[6..]);
        }
    }
    (count > 0).then(|| (out, map, vec![Cleanup { what: CleanupKind::TraceDump, count }]))
}

/// A Java HTTP client's wire log (Apache HttpClient 4 and 5, `org.apache.http.wire` /
/// `org.apache.hc.client5.http.wire`): each line `… >> "POST /oauth2/token HTTP/1.1[\r][\n]"` for
/// what was sent and `<< "…"` for what came back, the bytes in quotes with `[\r]`, `[\n]` for the
/// line ends. The log's head, the arrow and the quotes are set aside and the escapes become the
/// line breaks they stand for, so the readers see the request and the answer as they went over
/// the wire.
pub(super) fn join_wire(input: &str) -> Option<(String, SpanMap, Vec<Cleanup>)> {
    let wire = |l: &str| {
        let t = l.trim_end_matches(['\n', '\r']);
        let at = t.find(">> \"").or_else(|| t.find("<< \""))?;
        t.ends_with('"').then_some(at + 4).filter(|&c| c < t.len())
    };
    if input.lines().filter(|l| wire(l).is_some()).count() < 3 {
        return None;
    }
    let mut out = String::with_capacity(input.len());
    let mut map = SpanMap::default();
    let (mut at, mut count) = (0, 0);
    for line in input.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(c) = wire(line) else {
            map.points.push((out.len(), start));
            out.push_str(line);
            continue;
        };
        count += 1;
        let t = line.trim_end_matches(['\n', '\r']);
        let content = &t[c..t.len() - 1];
        let mut from = c;
        for (k, piece) in content.split("[\\n]").enumerate() {
            if k > 0 {
                out.push('\n');
            }
            map.points.push((out.len(), start + from));
            out.push_str(&piece.replace("[\\r]", "").replace("[\\t]", "\t"));
            from += piece.len() + 4;
        }
        if !content.ends_with("[\\n]") {
            // The body's bytes end without a line break of their own: the next line is another
            // read or write.
            out.push('\n');
        }
    }
    (count > 0).then(|| (out, map, vec![Cleanup { what: CleanupKind::WireLog, count }]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trace_ascii_dump_reads_as_the_exchange_it_shows() {
        let body = r#"{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"x"}]}"#;
        let input = format!(
            "=> Send header, 30 bytes (0x1e)\n0000: GET /x HTTP/1.1\n0011: Host: h\n<= Recv data, 80 bytes (0x50)\n\
             0000: {}\n0040: {}\n== Info: done\n",
            &body[..64],
            &body[64..]
        );
        let (text, map, undone) = join_dumps(&input).expect("a dump");
        assert!(text.contains("\nGET /x HTTP/1.1\nHost: h\n"), "{text}");
        assert!(text.contains(&format!("\n{body}\n== Info")), "{text}");
        assert_eq!(undone[0].count, 4);
        let at = text.find("\"code\"").unwrap();
        assert_eq!(&input[map.original(at)..map.original(at) + 6], "\"code\"");
        assert!(join_dumps("0000: not a trace\n").is_none());
    }

    #[test]
    fn a_wire_log_reads_as_the_exchange_it_shows() {
        let input = "10:02:11 DEBUG [org.apache.hc.client5.http.wire] http-outgoing-0 >> \"POST /oauth2/token HTTP/1.1[\\r][\\n]\"\n\
                     10:02:11 DEBUG [org.apache.hc.client5.http.wire] http-outgoing-0 >> \"Host: int.api.service.nhs.uk[\\r][\\n]\"\n\
                     10:02:11 DEBUG [org.apache.hc.client5.http.wire] http-outgoing-0 >> \"[\\r][\\n]\"\n\
                     10:02:11 DEBUG [org.apache.hc.client5.http.wire] http-outgoing-0 >> \"grant_type=client_credentials+\"\n\
                     10:02:11 DEBUG [org.apache.hc.client5.http.wire] http-outgoing-0 << \"HTTP/1.1 400 Bad Request[\\r][\\n]\"\n";
        let (text, map, undone) = join_wire(input).expect("a wire log");
        assert!(text.starts_with("POST /oauth2/token HTTP/1.1\nHost: int.api.service.nhs.uk\n\ngrant_type=client_credentials+\nHTTP/1.1 400"), "{text}");
        assert_eq!(undone[0].count, 5);
        let at = text.find("grant_type").unwrap();
        assert_eq!(&input[map.original(at)..map.original(at) + 10], "grant_type");
        assert!(join_wire("a >> \"b\"\n").is_none());
    }
}
