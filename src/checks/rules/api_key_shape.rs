//! The typed key is not shaped like the keys seen on the platform (32 letters and digits).
//! A hint only: the shape is observed, not documented (spec §1.2).

use super::{looks_like_api_key, looks_like_guid, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(key) = f.key() else { return };
    let k = key.trim();
    if looks_like_api_key(k) || looks_like_guid(k) || super::odd_characters(key).is_some() {
        return;
    }
    out.push(
        Finding::new(
            Code::ApiKeyShape,
            format!(
                "The API key you entered is {} characters{}; keys seen on the \
            platform are 32 letters and digits. Check it is the Key (not the Secret, and not a JWT).",
                k.chars().count(),
                if k.chars().all(|c| c.is_ascii_alphanumeric()) {
                    ""
                } else {
                    " with characters other than letters and digits"
                }
            ),
        )
        .about("api_key"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_on_a_key_of_another_shape() {
        for key in ["abc123", "AbCdEfGhIjKlMnOpQrStUvWxYz012345-extra"] {
            fires(check, &good_request(), &ctx_with(|c| c.api_key = Some(key.into())), Code::ApiKeyShape);
        }
    }

    #[test]
    fn silent_with_a_32_character_key() {
        silent(check, &good_request(), &ctx());
    }
}
