//! WebCrypto at the edge: verify, sign, generate. The core decides what to verify and with
//! which key; these functions only hand it to the browser. Nothing is fetched, nothing stored.

use js_sys::{Array, Object, Reflect, JSON};
#[cfg(feature = "more")]
use js_sys::{ArrayBuffer, Uint8Array};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

fn subtle() -> Result<SubtleCrypto, String> {
    let crypto = web_sys::window().ok_or("no window")?.crypto().map_err(|_| "WebCrypto is not available")?;
    Ok(crypto.subtle())
}

fn object(v: &Value) -> Result<Object, String> {
    JSON::parse(&v.to_string())
        .map_err(|_| "bad JSON".to_string())?
        .dyn_into::<Object>()
        .map_err(|_| "not an object".to_string())
}

fn usages(list: &[&str]) -> JsValue {
    list.iter().map(|u| JsValue::from_str(u)).collect::<Array>().into()
}

fn err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| Reflect::get(&e, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "the browser refused the operation".into())
}

async fn import(jwk: &Value, alg: &Value, usage: &str) -> Result<CryptoKey, String> {
    let promise =
        subtle()?.import_key_with_object("jwk", &object(jwk)?, &object(alg)?, false, &usages(&[usage])).map_err(err)?;
    JsFuture::from(promise).await.map_err(err)?.dyn_into::<CryptoKey>().map_err(|_| "not a key".into())
}

/// Verify a plan from the core: `Ok(valid)`, or why WebCrypto could not try.
pub async fn verify(plan: &crate::keys::verify::Plan) -> Result<bool, String> {
    let key = import(&plan.jwk, &plan.import, "verify").await?;
    let promise = subtle()?
        .verify_with_object_and_u8_array_and_u8_array(
            &object(&plan.params)?,
            &key,
            &plan.signature,
            plan.signing_input.as_bytes(),
        )
        .map_err(err)?;
    Ok(JsFuture::from(promise).await.map_err(err)?.as_bool().unwrap_or(false))
}

#[cfg(feature = "more")]
/// Sign with RS512 using a private JWK.
pub async fn sign_rs512(private_jwk: &Value, input: &str) -> Result<Vec<u8>, String> {
    let alg = serde_json::json!({"name": "RSASSA-PKCS1-v1_5", "hash": "SHA-512"});
    let key = import(private_jwk, &alg, "sign").await?;
    let promise = subtle()?.sign_with_object_and_u8_array(&object(&alg)?, &key, input.as_bytes()).map_err(err)?;
    let buf: ArrayBuffer =
        JsFuture::from(promise).await.map_err(err)?.dyn_into().map_err(|_| "no signature".to_string())?;
    Ok(Uint8Array::new(&buf).to_vec())
}

#[cfg(feature = "more")]
/// Generate an RSA-4096 RS512 key pair: the private key as PKCS#8 DER, the public as a JWK.
pub async fn generate() -> Result<(Vec<u8>, Value), String> {
    let alg = object(&serde_json::json!({"name": "RSASSA-PKCS1-v1_5", "modulusLength": 4096, "hash": "SHA-512"}))?;
    Reflect::set(&alg, &JsValue::from_str("publicExponent"), &Uint8Array::from(&[1u8, 0, 1][..])).map_err(err)?;
    let promise = subtle()?.generate_key_with_object(&alg, true, &usages(&["sign", "verify"])).map_err(err)?;
    let pair = JsFuture::from(promise).await.map_err(err)?;
    let private: CryptoKey = Reflect::get(&pair, &JsValue::from_str("privateKey"))
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "no private key".to_string())?;
    let public: CryptoKey = Reflect::get(&pair, &JsValue::from_str("publicKey"))
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "no public key".to_string())?;
    let der: ArrayBuffer = JsFuture::from(subtle()?.export_key("pkcs8", &private).map_err(err)?)
        .await
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "no pkcs8".to_string())?;
    let jwk = JsFuture::from(subtle()?.export_key("jwk", &public).map_err(err)?).await.map_err(err)?;
    let text: String = JSON::stringify(&jwk).map_err(err)?.into();
    let value: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok((Uint8Array::new(&der).to_vec(), value))
}

#[cfg(feature = "more")]
/// A fresh uuid4 for a jti.
pub fn random_uuid() -> String {
    web_sys::window().and_then(|w| w.crypto().ok()).map(|c| c.random_uuid()).unwrap_or_default()
}

#[cfg(feature = "more")]
/// A blob: URL for a download that never touches the network.
pub fn download_url(text: &str, mime: &str) -> Option<String> {
    let parts = Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

#[cfg(feature = "more")]
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

#[cfg(feature = "more")]
/// The RFC 7638 thumbprint of a public RSA JWK: SHA-256 (WebCrypto) of its required members in
/// lexicographic order, base64url. The default kid for a new key.
pub async fn thumbprint(public_jwk: &Value) -> Result<String, String> {
    use base64::Engine;
    // The required members in lexicographic order, no white space (RFC 7638 §3.2).
    let input = format!(r#"{{"e":{},"kty":"RSA","n":{}}}"#, public_jwk["e"], public_jwk["n"]).into_bytes();
    let promise = subtle()?.digest_with_str_and_u8_array("SHA-256", &input).map_err(err)?;
    let buf: ArrayBuffer =
        JsFuture::from(promise).await.map_err(err)?.dyn_into().map_err(|_| "no digest".to_string())?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Uint8Array::new(&buf).to_vec()))
}
