//! HTTPie and xh command lines, found by their command's name (decode/httpie.rs reads them).

/// The command names that start an HTTPie or xh command.
pub const COMMANDS: &[&str] = &["http", "https", "xh", "xhs"];

/// Where an HTTPie or xh command starts on the line: its name first (after a prompt), then
/// flags, a method or the URL, and at least one more word.
pub(super) fn cli_start(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let t = t.strip_prefix("$ ").or_else(|| t.strip_prefix("> ")).or_else(|| t.strip_prefix("% ")).unwrap_or(t);
    let pos = line.len() - t.len();
    let mut words = t.split_whitespace();
    let name = words.next()?;
    if !COMMANDS.contains(&name) {
        return None;
    }
    let rest: Vec<&str> = words.filter(|w| !w.starts_with('-')).collect();
    let url_at = usize::from(rest.first().is_some_and(|w| super::METHODS.contains(w)));
    let url = rest.get(url_at)?;
    let urlish =
        url.starts_with("http://") || url.starts_with("https://") || url.contains(".nhs.uk") || url.starts_with(':');
    (urlish && rest.len() > url_at).then_some(pos)
}
