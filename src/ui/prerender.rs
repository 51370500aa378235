//! The first screen rendered at build time (Yew server rendering, `auth-triage-prerender`) and
//! the two questions the page asks before it hydrates that markup instead of rendering afresh:
//! does the address ask for that screen, and is the markup still the tree the build wrote? A
//! browser extension or a page translator may have added or wrapped elements, and hydrating a
//! different tree panics inside Yew — with `panic = "abort"`, a dead page. Either "no" means:
//! clear the markup and render, as a page without a prerender does.

use crate::outputs::route::{self, Route, View};

/// The address shows the screen that was prerendered: the triage, not embedded, no share link
/// (read or unreadable). Any other start renders afresh.
pub fn hydratable(fragment: &str) -> bool {
    matches!(route::parse(fragment), Route { view: View::Triage, embed: false, share: None, bad_share: false })
}

/// The tree's shape: the names of its elements and its comments (Yew's component marks), in
/// document order — what hydration needs to find where it looks. Text and attribute values
/// are left out: Yew rewrites those while hydrating. Read from HTML, so the build (from Yew's
/// string) and the page (from the live `innerHTML`) compute it the same way: the element count
/// and an FNV-1a hash of the names, `"143-9f3c…"`.
pub fn shape(html: &str) -> String {
    let bytes = html.as_bytes();
    let (mut count, mut hash) = (0usize, 0xcbf2_9ce4_8422_2325u64);
    let mut token = |name: &[u8]| {
        count += 1;
        for &b in name.iter().chain(b" ") {
            hash = (hash ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        i += at;
        if bytes[i..].starts_with(b"<!--") {
            token(b"!");
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |end| end + 3);
        } else if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            let start = i + 1;
            let mut end = start;
            while bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-') {
                end += 1;
            }
            token(&bytes[start..end]);
            // To the end of the tag; a quoted attribute value may hold `>` or `<`.
            i = end;
            while let Some(&b) = bytes.get(i) {
                i += 1;
                match b {
                    b'>' => break,
                    b'"' | b'\'' => i = bytes[i..].iter().position(|&c| c == b).map_or(bytes.len(), |q| i + q + 1),
                    _ => {}
                }
            }
        } else {
            i += 1; // an end tag, or a `<` that starts nothing
        }
    }
    format!("{count}-{hash:016x}")
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_plain_first_screen_is_hydrated() {
        for plain in ["", "#", "#/", "/", "#/&"] {
            assert!(hydratable(plain), "{plain:?}");
        }
        for other in
            ["#embed", "#/&embed", "#/catalogue", "#/catalogue?q=jti", "#/errors/aud-invalid", "#share=notbase64!"]
        {
            assert!(!hydratable(other), "{other:?}");
        }
        let shared = crate::outputs::share::Shared { paste: "x".into(), env: None, key: None, at: 5, call_at: None };
        assert!(!hydratable(&crate::outputs::share::encode(&shared)));
    }

    #[test]
    fn the_shape_is_the_elements_and_comments_in_order() {
        let html = r#"<!--<[App]>--><div class="page"><p>a &lt;b&gt; c</p><input value="<iframe src='x'>" readonly><textarea></textarea></div><!--</[App]>-->"#;
        // The same tree as a browser serialises it: attributes quoted otherwise, text escaped.
        let live = r#"<!--<[App]>--><DIV class="page"><p>other text</p><input value="&lt;iframe src='x'&gt;" readonly=""><textarea>typed?</textarea></DIV><!--</[App]>-->"#;
        assert_eq!(shape(html), shape(live));
        assert!(shape(html).starts_with("6-"), "{}", shape(html));
        // An element added (an extension's icon), moved, renamed or a comment lost: different.
        for changed in [
            r#"<!--<[App]>--><div class="page"><p>a</p><span></span><input><textarea></textarea></div><!--</[App]>-->"#,
            r#"<!--<[App]>--><div class="page"><input><p>a</p><textarea></textarea></div><!--</[App]>-->"#,
            r#"<!--<[App]>--><div class="page"><p><font>a</font></p><input><textarea></textarea></div><!--</[App]>-->"#,
            r#"<div class="page"><p>a</p><input><textarea></textarea></div><!--</[App]>-->"#,
        ] {
            assert_ne!(shape(html), shape(changed), "{changed}");
        }
    }

    #[test]
    fn the_shape_of_broken_markup_is_still_an_answer() {
        for html in ["", "<", "<!--", "<a", "<a href=\"", "</", "<<<>>>", "<é>"] {
            assert!(!shape(html).is_empty());
        }
    }
}
