//! `jti` not a string (IDS-JS 7.9: `typeof jti != "string"`).

use super::{show, Facts};
use crate::vocab::Code;
use crate::vocab::Finding;

pub fn check(f: &Facts, out: &mut Vec<Finding>) {
    let Some((_, c)) = f.claims() else { return };
    if let Some(jti) = c.get("jti").filter(|j| !j.is_string()) {
        out.push(
            Finding::new(
                Code::JtiNotString,
                format!("jti is {}, not a string. Send it as a string, ideally a uuid4.", show(jti)),
            )
            .about("jti"),
        );
    }
}
