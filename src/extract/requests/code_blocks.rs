//! Requests written in code as a block rather than a call: a Terraform `data "http"` block, an
//! Ansible `uri:` task, a Swift `URLRequest` and the lines that set it up. The block is read by
//! the same decoder as a call (decode/code_call.rs): its URL, what it sets and what it encodes.

use super::{RawKind, Scan};
use crate::vocab::Span;

/// How a block ends: at the brace that closes the one its first line opens, or at the first line
/// indented no deeper than its first (YAML), or with the paste's next blank line (Swift's
/// statements that set up a `URLRequest`).
#[derive(Clone, Copy)]
enum Ends {
    Brace,
    Indent,
    Blank,
}

const BLOCKS: &[(&str, Ends)] = &[
    ("data \"http\"", Ends::Brace),
    ("resource \"http\"", Ends::Brace),
    ("ansible.builtin.uri:", Ends::Indent),
    ("uri:", Ends::Indent),
    ("URLRequest(", Ends::Blank),
];

pub(super) fn code_blocks(scan: &mut Scan) {
    for (i, (off, line)) in scan.lines.clone().into_iter().enumerate() {
        let t = line.trim_start().trim_start_matches("- ");
        let Some((_, ends)) =
            BLOCKS.iter().find(|(m, _)| if m.ends_with(':') { t.trim_end() == *m } else { t.contains(m) })
        else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let rest = &scan.lines[i + 1..];
        let last = match ends {
            Ends::Brace => brace_end(scan.input, off),
            Ends::Indent => {
                let inside =
                    rest.iter().take_while(|(_, l)| l.trim().is_empty() || l.len() - l.trim_start().len() > indent);
                inside.last().map(|(o, l)| o + l.len())
            }
            Ends::Blank => rest.iter().take_while(|(_, l)| !l.trim().is_empty()).last().map(|(o, l)| o + l.len()),
        };
        let end = last.unwrap_or(off + line.len());
        let block = &scan.input[off..end];
        if super::super::vars::url_in_code(block, scan.input).is_some() {
            let start = off + (line.len() - line.trim_start().len());
            scan.claim(RawKind::Code, Span { start, end });
        }
    }
}

/// Where the brace block that opens on the line at `start` closes (quotes skipped); the end of
/// the paste, at most 60 lines on, when it does not.
fn brace_end(input: &str, start: usize) -> Option<usize> {
    let rest = &input[start..];
    let limit = rest.match_indices('\n').nth(59).map_or(rest.len(), |(i, _)| i);
    let (mut depth, mut quote, mut opened) = (0usize, false, false);
    for (i, c) in rest[..limit].char_indices() {
        match c {
            '"' => quote = !quote,
            '{' if !quote => {
                depth += 1;
                opened = true;
            }
            '}' if !quote => {
                depth = depth.saturating_sub(1);
                if opened && depth == 0 {
                    return Some(start + i + 1);
                }
            }
            _ => {}
        }
    }
    Some(start + limit)
}

#[cfg(test)]
mod tests {
    use crate::extract::requests::{find_requests, RawKind};

    #[test]
    fn a_terraform_block_and_an_ansible_task_are_requests_in_code() {
        let tf = "data \"http\" \"t\" {\n  url = \"https://int.api.service.nhs.uk/oauth2/token\"\n  method = \"POST\"\n  request_body = jsonencode({\n    grant_type = \"client_credentials\"\n  })\n}\n\nother = 1\n";
        let found = find_requests(tf);
        assert!(matches!(found[0].kind, RawKind::Code));
        assert!(tf[found[0].span.start..found[0].span.end].ends_with("})\n}"));
        let yml = "- name: token\n  ansible.builtin.uri:\n    url: https://int.api.service.nhs.uk/oauth2/token\n    body_format: json\n  register: t\n";
        let found = find_requests(yml);
        let code = found.iter().find(|r| matches!(r.kind, RawKind::Code)).unwrap();
        let s = &yml[code.span.start..code.span.end];
        assert!(s.contains("body_format") && !s.contains("register"));
    }

    #[test]
    fn a_uri_key_with_no_platform_url_is_not_a_request() {
        assert!(find_requests("uri:\n  path: /tmp\n").is_empty());
    }
}
