//! The answer says when to try again: its `Retry-After` header (a 429, a 425, a 503). Said with
//! its value, since a retry sooner is refused the same way.

use super::Facts;
use crate::vocab::{Code, Finding, Target};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    for (i, b) in f.error_bodies.iter().enumerate() {
        let Some(seconds) = b.retry_after else { continue };
        let status = b.status.or_else(|| b.entry.map(|e| e.entry().status));
        if !status.is_some_and(|s| matches!(s, 425 | 429 | 503)) {
            continue;
        }
        let unit = if seconds == 1 { "second" } else { "seconds" };
        out.push(
            Finding::new(
                Code::RetryAfterGiven,
                format!(
                    "The answer carries Retry-After: {seconds}: wait {seconds} {unit} before sending again. A retry \
                     sooner is refused the same way, and retries in a tight loop keep the limit tripped."
                ),
            )
            .on(Target::Body(i)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    const QUOTA: &str = "{\"errors\":[{\"id\":\"x.0\",\"code\":\"CM_QUOTA\",\"status\":\"429\",\"title\":\"Too many \
                         requests\",\"detail\":\"You have made too many requests. Re-send the request after the time \
                         (in seconds) specified `Retry-After` header.\"}]}";

    #[test]
    fn fires_on_a_429_with_its_retry_after() {
        let paste = format!("HTTP/1.1 429 Too Many Requests\nRetry-After: 60\n\n{QUOTA}");
        fires(check, &paste, &ctx(), Code::RetryAfterGiven);
    }

    #[test]
    fn silent_without_the_header() {
        silent(check, &format!("HTTP/1.1 429 Too Many Requests\n\n{QUOTA}"), &ctx());
    }
}
