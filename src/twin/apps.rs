//! The apps registered with the twin (`--app`, the config file's `apps`), as in the developer
//! portal of its environment: API key, app id, JWKS, products.

use std::path::Path;

use serde_json::Value;

/// What an app is subscribed to (spec §4.1 step 15: only `signed-jwt` grants
/// `urn:nhsd:apim:app:level3:*` scopes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Product {
    SignedJwt,
    UserRestricted,
    ApiKey,
}

impl Product {
    pub fn parse(s: &str) -> Result<Product, String> {
        match s.trim() {
            "signed-jwt" => Ok(Product::SignedJwt),
            "user-restricted" => Ok(Product::UserRestricted),
            "api-key" => Ok(Product::ApiKey),
            other => Err(format!("unknown product {other:?} (signed-jwt, user-restricted or api-key)")),
        }
    }
}

/// An app registered with the twin, as in the developer portal of its environment.
#[derive(Clone, Debug, PartialEq)]
pub struct App {
    /// The API key (`iss` = `sub`).
    pub key: String,
    pub app_id: Option<String>,
    /// The registered JWKS, as text. `None`: no public key registered (403, step 11).
    pub jwks: Option<String>,
    pub products: Vec<Product>,
}

impl App {
    /// `key=KEY,app-id=GUID,jwks=FILE[,products=signed-jwt|user-restricted|api-key]`; a
    /// relative FILE is read from `base`.
    pub fn parse(spec: &str, base: &Path) -> Result<App, String> {
        let mut app = App { key: String::new(), app_id: None, jwks: None, products: vec![Product::SignedJwt] };
        for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let (name, value) = part.split_once('=').ok_or_else(|| format!("--app: {part:?} is not name=value"))?;
            match name.trim() {
                "key" => app.key = value.trim().to_string(),
                "app-id" => app.app_id = Some(value.trim().to_string()),
                "jwks" => app.jwks = Some(read_jwks(&base.join(value.trim()))?),
                "products" => app.products = value.split('|').map(Product::parse).collect::<Result<_, _>>()?,
                other => return Err(format!("--app: unknown field {other:?} (key, app-id, jwks, products)")),
            }
        }
        if app.key.is_empty() {
            return Err("--app needs key=API_KEY".into());
        }
        Ok(app)
    }
}

fn read_jwks(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read JWKS {}: {e}", path.display()))?;
    if crate::keys::parse::keys_in(&text).iter().all(|k| k.public_jwk.is_none()) {
        return Err(format!("{} holds no public RSA key (JWKS, JWK or PEM)", path.display()));
    }
    Ok(text)
}

pub(super) fn app_from_json(v: &Value, base: &Path) -> Result<App, String> {
    let o = v.as_object().ok_or("apps: each app is an object")?;
    let s = |k: &str| o.get(k).and_then(Value::as_str).map(String::from);
    let key = s("key").ok_or("apps: an app needs \"key\"")?;
    let jwks = match o.get("jwks") {
        None | Some(Value::Null) => None,
        Some(Value::String(f)) => Some(read_jwks(&base.join(f))?),
        Some(inline) => Some(inline.to_string()),
    };
    let products = match o.get("products") {
        None => vec![Product::SignedJwt],
        Some(p) => {
            let list = p.as_array().ok_or("apps: products is an array of names")?;
            list.iter().map(|p| Product::parse(p.as_str().unwrap_or(""))).collect::<Result<_, _>>()?
        }
    };
    Ok(App { key, app_id: s("app-id"), jwks, products })
}
