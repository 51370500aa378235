use crate::platform::redact;

/// Masks the API key wherever user-derived text is shown, while the key field is masked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Masker {
    pub key: Option<String>,
    pub masked: bool,
}

impl Masker {
    /// The masker for the API key as typed (none when blank), masking while the field is hidden.
    pub fn for_key(key: &str, visible: bool) -> Masker {
        Masker { key: Some(key.to_string()).filter(|k| !k.trim().is_empty()), masked: !visible }
    }

    pub fn show(&self, s: &str) -> String {
        match &self.key {
            Some(k) if self.masked && k.trim().len() >= 4 => s.replace(k.trim(), &redact(k.trim())),
            _ => s.to_string(),
        }
    }
    pub fn json(&self, v: &serde_json::Value) -> String {
        let v = if self.masked { crate::outputs::redact::redact_key_in(v, self.key.as_deref()) } else { v.clone() };
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}
