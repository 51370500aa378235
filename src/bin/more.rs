//! The page's second module: the parts the first verdict does not need (`ui::parts`), loaded on
//! demand by the first load's loader and mounted into the elements it hands over.

use wasm_bindgen::prelude::*;

/// Mount a part (JSON) into `root`.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, part: &str) -> Result<(), JsValue> {
    auth_triage::ui::more::mount(root, part)
}

/// Give the part in `root` new data (JSON).
#[wasm_bindgen]
pub fn update(root: web_sys::Element, part: &str) -> Result<(), JsValue> {
    auth_triage::ui::more::update(root, part)
}

/// Take the part in `root` down.
#[wasm_bindgen]
pub fn unmount(root: web_sys::Element) {
    auth_triage::ui::more::unmount(root)
}

/// Read PEM blocks for the first load (a JSON list in, `[block, key]` pairs out).
#[wasm_bindgen]
pub fn read_pem(blocks: &str) -> Result<String, JsValue> {
    auth_triage::ui::more::read_pem(blocks)
}

fn main() {}
