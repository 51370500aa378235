//! Tests of `error_body.rs`.
use super::*;

fn found(text: &str) -> FoundJson {
    crate::extract::json::find_objects(text).remove(0)
}

#[test]
fn an_answer_inside_a_clients_error_object_is_read() {
    let axios = "{ status: 403, data: { issue: [ { diagnostics: 'x' } ], resourceType: 'OperationOutcome' } }";
    assert_eq!(classify(&found(axios)).map(|b| b.kind), Some(BodyKind::OperationOutcome));
    // A bare code inside a log event's state is the client's summary, not the answer.
    assert!(classify(&found(r#"{"Message":"failed","State":{"error":"invalid_request"}}"#)).is_none());
    // `error` that is not a string (Node's `error: [Function]`) is not an error body.
    assert!(classify(&found("{ abort: [Function], error: [Function (anonymous)] }")).is_none());
}

#[test]
fn an_error_object_with_a_code_and_a_message_is_another_servers_answer() {
    let b = classify(&found(r#"{"error":{"code":400,"message":"A required target attribute is missing"}}"#));
    let b = b.expect("a body");
    assert_eq!((b.status, b.said.as_deref()), (Some(400), Some("A required target attribute is missing")));
    assert!(classify(&found(r#"{"error":{"message":"connect ETIMEDOUT"}}"#)).is_none());
}

#[test]
fn another_servers_flat_error_object_is_read_in_its_own_words() {
    let mesh =
        classify(&found(r#"{"errorEvent": "", "errorCode": "", "errorDescription": "Invalid Authentication Token"}"#));
    let mesh = mesh.expect("MESH's error object");
    assert_eq!(
        (mesh.kind, mesh.said.as_deref(), mesh.error),
        (BodyKind::Other, Some("Invalid Authentication Token"), None)
    );
    let problem =
        classify(&found(r#"{"title": "Forbidden", "status": 403, "detail": "Scope missing"}"#)).expect("RFC 7807");
    assert_eq!((problem.said.as_deref(), problem.status), (Some("Scope missing"), Some(403)));
    let loose = classify(&found(r#"{"message": "starting"}"#)).expect("a loose message");
    assert!(needs_answering_status(&loose));
    // A log event and a wrapper around the answer are not another server's body.
    assert!(classify(&found(r#"{"level": "info", "message": "Request failed"}"#)).is_none());
    let wrapped = r#"{"message": "Request failed with status code 401", "status": 401,
        "response": {"data": {"error": "invalid_request", "error_description": "grant_type is missing"}}}"#;
    assert_eq!(classify(&found(wrapped)).map(|b| b.kind), Some(BodyKind::Nhs));
}

#[test]
fn a_log_events_error_field_is_not_an_answer() {
    let event = r#"{"timestamp": "2026-01-22T06:00:12Z", "level": "warning", "event": "retrying", "error": "ReadTimeout(ReadTimeoutError('x'))"}"#;
    assert_eq!(classify(&found(event)), None);
    let answered = r#"{"timestamp": "2026-01-22T06:00:13Z", "level": "warning", "status": 400, "body": {"error": "invalid_request", "error_description": "Non-unique 'jti' claim in client_assertion JWT"}}"#;
    assert_eq!(
        classify(&found(answered)).and_then(|b| b.error_description).as_deref(),
        Some("Non-unique 'jti' claim in client_assertion JWT")
    );
}
