//! A log's head on every line of an HTTP exchange it printed (time, level, logger), found so the
//! typography pass can set it aside (`typography::repair`, whose tests cover it).

/// The log prefix set aside on each line (0: none), and whether the line opens a run of them.
///
/// A log that prints an HTTP exchange one line at a time (OkHttp's logging interceptor, Spring,
/// Serilog, `kubectl logs`, journald) puts its own head on every line: a time, a level, a
/// logger. Where at least three lines in a row share a head that holds a time and is the same
/// once digits are set aside, and what follows it reads as HTTP or JSON (a request line, a
/// header, `--> POST`, a brace), that head is set aside so the readers see the exchange. The
/// run's first line keeps its head (its time is evidence) on a line of its own: the space that
/// ends the head becomes a line break, so the text keeps its length there.
pub(super) fn log_prefixes(lines: &[(usize, &str)]) -> (Vec<usize>, Vec<bool>) {
    let n = lines.len();
    let (mut strip, mut opens) = (vec![0; n], vec![false; n]);
    let norm = |l: &str| -> Vec<u8> { l.bytes().map(|b| if b.is_ascii_digit() { b'0' } else { b }).collect() };
    let normed: Vec<Vec<u8>> = lines.iter().map(|(_, l)| norm(body(l))).collect();
    let mut i = 0;
    while i + 2 < n {
        let common = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let c = common(&normed[i], &normed[i + 1]).min(common(&normed[i], &normed[i + 2])).min(160);
        let Some(head) = head_len(&normed[i][..c]) else {
            i += 1;
            continue;
        };
        let p = &normed[i][..head];
        let mut j = i;
        while j < n && normed[j].starts_with(p) {
            j += 1;
        }
        let rest = |k: usize| body(lines[k].1).get(head..).unwrap_or_default();
        if j - i >= 3 && (i..j).any(|k| reads_as_http(rest(k))) {
            strip[i..j].fill(head);
            opens[i] = true;
            i = j;
        } else {
            i += 1;
        }
    }
    (strip, opens)
}

/// A line without its line break.
fn body(l: &str) -> &str {
    l.trim_end_matches(['\n', '\r'])
}

/// The length of a log head within `common` (digits as `0`): up to the last separator (` - `,
/// `] `, `: `, ` | `, a tab) after a time (`00:00`), at least 8 bytes, ending in white space; or,
/// with no time, a process's or container's name column (pm2's `0|worker | `, Docker Compose's
/// `web-1  | `, `kubectl logs --prefix`'s `[pod/x/c] `): one word, then ` | ` or `] `.
fn head_len(common: &[u8]) -> Option<usize> {
    let Some(time) = common.windows(5).position(|w| w == b"00:00") else {
        return name_column(common);
    };
    let seps: [&[u8]; 5] = [b" - ", b"] ", b": ", b" | ", b"\t"];
    let end = (time + 5..=common.len())
        .rev()
        .find(|&e| seps.iter().any(|s| e >= s.len() && &common[e - s.len()..e] == *s))?;
    (end >= 8).then_some(end)
}

fn name_column(common: &[u8]) -> Option<usize> {
    let end = common.windows(3).position(|w| w == b" | ").map(|p| p + 3).or_else(|| {
        (common.first() == Some(&b'[')).then(|| common.windows(2).position(|w| w == b"] ").map(|p| p + 2)).flatten()
    })?;
    let name = common[..end - 2].trim_ascii();
    (name.len() >= 2 && name.len() <= 64 && !name.contains(&b' ')).then_some(end)
}

/// What follows a log head is part of an HTTP exchange or a JSON document.
fn reads_as_http(rest: &str) -> bool {
    let t = rest.trim_start();
    let lower = t.to_ascii_lowercase();
    let method = ["POST ", "GET ", "PUT ", "PATCH ", "DELETE "].iter().any(|m| t.starts_with(m));
    let header = ["content-type:", "authorization:", "host:", "content-length:", "accept:", "apikey:"]
        .iter()
        .any(|h| lower.starts_with(h));
    method
        || header
        || t.starts_with("--> ")
        || t.starts_with("<-- ")
        || t.starts_with("HTTP/")
        || t == "{"
        || t == "}"
        || t.starts_with("grant_type=")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads(input: &str) -> Vec<usize> {
        let mut off = 0;
        let lines: Vec<(usize, &str)> = input
            .split_inclusive('\n')
            .map(|l| {
                off += l.len();
                (off - l.len(), l)
            })
            .collect();
        log_prefixes(&lines).0
    }

    #[test]
    fn a_process_name_column_is_a_head_without_a_time() {
        let pm2 =
            "0|worker | Error: Response Error: 400\n0|worker |   data: {\n0|worker |     error: 'x'\n0|worker | }\n";
        assert_eq!(heads(pm2), vec![11, 11, 11, 11]);
        let compose = "web-1  | {\nweb-1  |   \"error\": \"x\"\nweb-1  | }\n";
        assert_eq!(heads(compose), vec![9, 9, 9]);
        let kubectl = "[pod/api-7f/app] {\n[pod/api-7f/app]  \"a\": 1\n[pod/api-7f/app] }\n";
        assert_eq!(heads(kubectl), vec![17, 17, 17]);
        // A table's rows are not a log.
        assert_eq!(heads("| a b | c |\n| a b | d |\n| a b | { |\n"), vec![0, 0, 0]);
    }
}
