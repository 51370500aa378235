//! An answer whose status the paste shows and whose body it does not: the client printed a
//! summary (`Request failed with status code 403`, `EnsureSuccessStatusCode`'s message) and kept
//! the body, where the API says which check refused the call. How to read it, in the client's
//! own terms, from the words the paste shows of it.

use crate::vocab::{Code, Finding};

/// A client by its words in the paste, and where it keeps the answer's body.
const CLIENTS: &[(&[&str], &str)] = &[
    (
        &["EnsureSuccessStatusCode", "Response status code does not indicate success"],
        ".NET's EnsureSuccessStatusCode() throws with the status only: read the body first (string body = await \
         response.Content.ReadAsStringAsync();) and log it, then check response.IsSuccessStatusCode",
    ),
    (
        &["AxiosError", "Request failed with status code"],
        "axios's error.message is a summary: the answer's body is error.response.data (log \
         JSON.stringify(error.response.data), and error.response.headers for its correlation id)",
    ),
    (
        &["raise_for_status", "requests.exceptions.HTTPError", "Client Error: "],
        "requests' raise_for_status() says the status only: print(r.status_code, r.text) before it (or \
         e.response.text in the except block)",
    ),
    (&["httpx.HTTPStatusError"], "httpx's HTTPStatusError says the status only: the body is e.response.text"),
    (
        &["HttpClientErrorException", "HttpServerErrorException"],
        "Spring's RestTemplate keeps the body on the exception: e.getResponseBodyAsString()",
    ),
    (&["WebClientResponseException"], "Spring WebClient keeps the body on the exception: e.getResponseBodyAsString()"),
    (
        &["Faraday::ClientError", "Faraday::ForbiddenError", "Faraday::UnauthorizedError"],
        "Faraday keeps the body on the exception: e.response[:body]",
    ),
    (
        &["Invoke-RestMethod", "Invoke-WebRequest"],
        "PowerShell keeps the body on the error record: $_.ErrorDetails.Message (in a catch block)",
    ),
    (
        &["Server returned HTTP response code", "HttpURLConnection"],
        "Java's HttpURLConnection throws an IOException from getInputStream() on an error status and keeps the \
         body on its error stream: check getResponseCode(), then read connection.getErrorStream()",
    ),
    (
        &["GuzzleHttp\\Exception", "resulted in a `"],
        "Guzzle cuts the body short in its message: read it whole with $e->getResponse()->getBody()->getContents()",
    ),
    (&["okhttp3.", "OkHttpClient"], "OkHttp keeps the body on the response: response.body()?.string()"),
    (&["RestClient::"], "Ruby's rest-client keeps the body on the exception: e.response.body"),
    (&["RestSharp"], "RestSharp keeps the body on the response: response.Content (and response.StatusCode)"),
    (
        &["res.ok", "response.ok", "fetch("],
        "fetch does not throw on an error status: read the body with await res.text() and log it with res.status",
    ),
];

/// The finding for an error status shown without its body, when the paste names the client.
pub fn find(text: &str, status: u16) -> Option<Finding> {
    let (_, how) = CLIENTS.iter().find(|(words, _)| words.iter().any(|w| text.contains(w)))?;
    Some(Finding::new(
        Code::AnswerBodyNotShown,
        format!(
            "The paste shows the {status} but not the answer's body, which says which check refused the call (a \
             FHIR OperationOutcome's diagnostics, an error_description). {how}; then paste the body here."
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_s_own_way_to_the_body() {
        let f = find("System.Net.Http.HttpRequestException: Response status code does not indicate success: 403 (Forbidden).\n   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()", 403).expect("found");
        assert!(f.message.contains("ReadAsStringAsync"), "{}", f.message);
        let f = find("[nrl] search failed: Request failed with status code 403", 403).expect("found");
        assert!(f.message.contains("error.response.data"), "{}", f.message);
        assert!(find("HTTP/1.1 403 Forbidden", 403).is_none());
        let java = "java.io.IOException: Server returned HTTP response code: 401 for URL: https://x";
        assert!(find(java, 401).expect("found").message.contains("getErrorStream()"));
        let ruby = "RestClient::Unauthorized: 401 Unauthorized";
        assert!(find(ruby, 401).expect("found").message.contains("e.response.body"));
    }
}
