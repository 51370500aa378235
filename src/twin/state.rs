//! `--state FILE`: the spent `jti`s kept across restarts. The file holds what the store holds —
//! digests and expiry times, never a `sub` or `jti` as sent — one entry a line, oldest first:
//!
//! ```text
//! auth-triage twin spent jtis v1
//! <sub digest, 64 hex> <(sub, jti) digest, 64 hex> <expires, unix seconds>
//! ```
//!
//! It is written whole to a temporary file beside it, flushed to disk and renamed over it, so
//! a crash leaves the old file or the new one, never half of one. Read back, every entry goes
//! through the store's bounds again, and the expired ones are dropped.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;

use super::jti::{Digest, JtiStore, Spent};

const HEADER: &str = "auth-triage twin spent jtis v1";
/// A line is 64 + 1 + 64 + 1 + at most 20 digits + newline.
const MAX_LINE: u64 = 160;

/// Put back the entries of `path` into `store`; a file that does not exist yet is an empty
/// store. Returns how many were kept.
pub fn load(path: &Path, store: &mut JtiStore, now: i64) -> Result<usize, String> {
    let shown = path.display();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(format!("cannot read the state file {shown}: {e}")),
    };
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        let n = reader.by_ref().take(MAX_LINE).read_until(b'\n', &mut line);
        let n = n.map_err(|e| format!("cannot read the state file {shown}: {e}"))?;
        if n == 0 {
            break;
        }
        number += 1;
        let bad = || {
            format!(
                "{shown} line {number}: not an auth-triage twin state file (a line `sub-digest key-digest expires`)"
            )
        };
        if line.last() != Some(&b'\n') {
            return Err(bad());
        }
        let text = std::str::from_utf8(&line[..line.len() - 1]).map_err(|_| bad())?;
        if number == 1 {
            if text != HEADER {
                return Err(bad());
            }
            continue;
        }
        let mut fields = text.split(' ');
        let (Some(sub), Some(key), Some(expires), None) = (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(bad());
        };
        let entry = Spent {
            sub: hex_digest(sub).ok_or_else(bad)?,
            key: hex_digest(key).ok_or_else(bad)?,
            expires: expires.parse().map_err(|_| bad())?,
        };
        store.restore(entry, now);
    }
    if number == 0 {
        return Err(format!("{shown}: empty, not an auth-triage twin state file"));
    }
    Ok(store.len())
}

/// Write `entries` to `path`, atomically: a temporary file beside it, flushed, renamed over it.
pub fn save(path: &Path, entries: &[Spent]) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "state".into());
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = (|| {
        let mut out = io::BufWriter::new(File::create(&temp)?);
        writeln!(out, "{HEADER}")?;
        for e in entries {
            writeln!(out, "{} {} {}", hex(&e.sub), hex(&e.key), e.expires)?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written?;
    // The rename itself reaches the disk with the directory (best effort: not every system
    // lets a directory be opened).
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn hex(d: &Digest) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_digest(s: &str) -> Option<Digest> {
    if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut d = [0u8; 32];
    for (i, byte) in d.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::super::jti::{JtiLimits, ENTRY_BYTES};
    use super::*;

    const NOW: i64 = 1_760_000_000;

    fn dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!(
            "auth-triage-state-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn round_trip_atomic_digests_only() {
        let d = dir();
        let path = d.join("jtis");
        let mut store = JtiStore::new(JtiLimits::default());
        store.spend("AbCdEfGh-secret-sub", "the-jti-1", NOW);
        store.spend("AbCdEfGh-secret-sub", "the-jti-2", NOW + 1);
        save(&path, &store.entries()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("auth-triage twin spent jtis v1\n") && text.lines().count() == 3, "{text}");
        assert!(!text.contains("secret") && !text.contains("the-jti"), "digests only: {text}");
        let names: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
        let mut back = JtiStore::new(JtiLimits::default());
        assert_eq!(load(&path, &mut back, NOW).unwrap(), 2);
        assert!(back.is_spent("AbCdEfGh-secret-sub", "the-jti-1", NOW));
        assert_eq!(back.entries(), store.entries());
        // Read back within smaller bounds: the newest kept. Expired ones dropped.
        let mut small = JtiStore::new(JtiLimits { total_bytes: ENTRY_BYTES, per_sub_bytes: ENTRY_BYTES });
        assert_eq!(load(&path, &mut small, NOW).unwrap(), 1);
        assert!(small.is_spent("AbCdEfGh-secret-sub", "the-jti-2", NOW));
        let mut later = JtiStore::new(JtiLimits::default());
        assert_eq!(load(&path, &mut later, NOW + 30 * 86_400).unwrap(), 1);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_missing_file_is_empty_and_a_wrong_one_is_refused() {
        let d = dir();
        let mut store = JtiStore::new(JtiLimits::default());
        assert_eq!(load(&d.join("none-yet"), &mut store, NOW), Ok(0));
        for (name, bytes) in [
            ("empty", b"".to_vec()),
            ("other", b"{\"apps\": []}\n".to_vec()),
            ("short", format!("{HEADER}\nabc def 12\n").into_bytes()),
            ("long", format!("{HEADER}\n{}\n", "a".repeat(10_000)).into_bytes()),
            ("cut", format!("{HEADER}\n{} {} 1760000000", "a".repeat(64), "b".repeat(64)).into_bytes()),
        ] {
            std::fs::write(d.join(name), bytes).unwrap();
            let e = load(&d.join(name), &mut store, NOW).unwrap_err();
            assert!(e.contains("not an auth-triage twin state file"), "{name}: {e}");
        }
        let _ = std::fs::remove_dir_all(&d);
    }
}
