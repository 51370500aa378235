//! Edits of the paste box, and a paste larger than what is analysed (a whole log, up to
//! megabytes) read without freezing the tab: the text is copied into the page's memory and
//! pre-scanned (`extract::window::Scan`) in slices, each task stopping after `SLICE_MS`, so no
//! task of the page's own holds the main thread for long. The paste itself never enters the box: the `paste` event is taken, and the
//! box gets only what is analysed, so the browser never lays out megabytes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::JsString;

use crate::extract::window::Scan;

/// A task of the page's stops after this much work (ms); the browser then gets the thread.
const SLICE_MS: f64 = 12.0;
/// UTF-16 units copied into the page's memory per step.
const COPY_STEP: u32 = 256 << 10;
/// Bytes pre-scanned per step.
const SCAN_STEP: usize = 512 << 10;

/// What a finished read is handed to: the text to analyse and the paste's length.
pub type Sink = Rc<dyn Fn(String, usize)>;

thread_local! {
    /// The newest edit of the paste box: a read started earlier stops at its next step.
    static LATEST: Cell<u32> = const { Cell::new(0) };
    /// Where a finished read goes (the paste box, once it is mounted)…
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
    /// …and a read that finished before it was (pasted before the page was live).
    static PENDING: RefCell<Option<(String, usize)>> = const { RefCell::new(None) };
}

/// The paste box is mounted: finished reads go to `sink`, the one that was waiting at once.
pub fn deliver_to(sink: Sink) {
    if let Some((kept, len)) = PENDING.with(|p| p.borrow_mut().take()) {
        sink(kept, len);
    }
    SINK.with(|s| *s.borrow_mut() = Some(sink));
}

fn deliver(kept: String, len: usize) {
    match SINK.with(|s| s.borrow().clone()) {
        Some(sink) => sink(kept, len),
        None => PENDING.with(|p| *p.borrow_mut() = Some((kept, len))),
    }
}

/// Read `all` in slices across tasks, then hand the text to analyse and the paste's length (in
/// UTF-16 units, as the page reports it) to the paste box (`deliver_to`). A newer edit of the
/// box cancels this read.
pub fn read(all: JsString) {
    let id = begin();
    let len = all.length();
    let job = Job { id, all, len, copied: 0, text: String::with_capacity(len as usize), scan: Scan::default() };
    step(job);
}

/// A new edit of the paste box: any read in progress stops at its next step. The id says
/// whether this edit is still the latest when its work comes round (`is_latest`).
pub fn begin() -> u32 {
    LATEST.with(|l| {
        l.set(l.get().wrapping_add(1));
        l.get()
    })
}

/// Whether no edit of the paste box came after the one `begin` gave `id` to.
pub fn is_latest(id: u32) -> bool {
    LATEST.with(Cell::get) == id
}

struct Job {
    id: u32,
    all: JsString,
    len: u32,
    copied: u32,
    text: String,
    scan: Scan,
}

fn step(mut job: Job) {
    if !is_latest(job.id) {
        return;
    }
    let start = js_sys::Date::now();
    while js_sys::Date::now() - start < SLICE_MS {
        if job.copied < job.len {
            let mut end = (job.copied + COPY_STEP).min(job.len);
            // Never split a surrogate pair: the half would become U+FFFD.
            if end < job.len && (f64::from(0xD800)..f64::from(0xDC00)).contains(&job.all.char_code_at(end - 1)) {
                end -= 1;
            }
            job.text.push_str(&String::from(job.all.slice(job.copied, end)));
            job.copied = end;
        } else if job.scan.at() < job.text.len() {
            let until = job.scan.at() + SCAN_STEP;
            job.scan.run(&job.text, until);
        } else {
            let kept = job.scan.finish(&job.text, crate::MAX_INPUT_BYTES).text;
            deliver(kept, job.len as usize);
            return;
        }
    }
    super::next_task(move || step(job));
}
