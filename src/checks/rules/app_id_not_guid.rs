//! The typed Application ID is not a GUID: perhaps the API key went into the wrong field.

use super::{looks_like_api_key, looks_like_guid, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some(id) = f.ctx.app_id() else { return };
    if looks_like_guid(id) {
        return;
    }
    let hint =
        if looks_like_api_key(id.trim()) { " It looks like an API key: the two fields may be swapped." } else { "" };
    out.push(
        Finding::new(
            Code::AppIdNotGuid,
            format!("The Application ID you entered is not a GUID (8-4-4-4-12 hex digits).{hint}"),
        )
        .about("app_id"),
    );
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::checks::rules::testing::*;
    use crate::vocab::Code;

    #[test]
    fn fires_when_the_app_id_is_not_a_guid() {
        for id in [KEY, "my-app"] {
            fires(check, &good_request(), &ctx_with(|c| c.app_id = Some(id.into())), Code::AppIdNotGuid);
        }
    }

    #[test]
    fn silent_with_a_guid_or_no_app_id() {
        silent(check, &good_request(), &ctx_with(|c| c.app_id = Some(APP_ID.into())));
        silent(check, &good_request(), &ctx());
    }
}
