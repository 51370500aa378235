//! `cargo bench --bench analyze`: the core's speed on the inputs people paste.

use auth_triage::{analyze, Context};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const SEED: &str = "Today when trying to continue development using the sandbox environments, when I go to authenticate, I am getting a 500 error: Invalid client identifier.
Request URL: https://sandbox.api.service.nhs.uk/oauth2/token
Method: POST
Response Content: “{“fault”:{“faultstring”:“Invalid client identifier {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”";

fn inputs() -> Vec<(&'static str, String)> {
    let fixtures: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/nhs/client_assertions.json")).unwrap();
    let jwt = fixtures["cases"]["aud_prod_on_int"]["jwt"].as_str().unwrap().to_string();
    let full = format!(
        "curl -X POST https://int.api.service.nhs.uk/oauth2/token \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-urlencode 'grant_type=client_credentials' \\\n  --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' \\\n  --data-urlencode 'client_assertion={jwt}'\n\nHTTP/1.1 401 Unauthorized\n{{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid 'aud' claim in client_assertion JWT\",\"message_id\":\"rrt-1\"}}"
    );
    let mb: String = std::iter::repeat_n(full.as_str(), (1 << 20) / full.len()).collect::<Vec<_>>().join("\n");
    vec![
        ("bare JWT", jwt),
        ("seed forum paste", SEED.to_string()),
        ("cURL + JWT + error body", full),
        ("1 MB paste", mb),
    ]
}

fn bench(c: &mut Criterion) {
    let ctx = Context::at(1_760_000_000).with_key("AbCdEfGhIjKlMnOpQrStUvWxYz012345");
    let mut group = c.benchmark_group("analyze");
    for (name, input) in inputs() {
        group.throughput(Throughput::Bytes(input.len() as u64));
        if input.len() > 100_000 {
            group.sample_size(10);
        }
        group.bench_function(name, |b| b.iter(|| analyze(black_box(&input), &ctx)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
