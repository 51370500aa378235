//! A request value that stands for something not in the paste (`{{assertion}}`, `$JWT`,
//! `<JWT>`, `xxx…`): an unknown, said once, never judged as a defect.

use super::Facts;
use crate::extract::vars::is_placeholder;
use crate::vocab::{Code, Finding};

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(r) = f.token_request() else { return };
    let url = r.url.iter().map(|u| ("the URL", u.as_str()));
    let fields = r.form.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    for (name, value) in url.chain(fields).filter(|(_, v)| is_placeholder(v)) {
        out.push(
            Finding::new(
                Code::ValuePlaceholder,
                format!(
                    "{name} is {value}: a variable or placeholder whose value is not in the paste, so it is not \
                     judged. Paste what it holds (for client_assertion, the JWT itself) to check it."
                ),
            )
            .about(name),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_variable_in_the_body() {
        fires(check, &curl_to(TOKEN_URL, "{{assertion}}"), &ctx(), Code::ValuePlaceholder);
    }

    #[test]
    fn silent_on_a_real_token() {
        silent(check, &good_request(), &ctx());
    }
}
