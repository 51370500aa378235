//! A strictly typed client failing on the platform's token response: a JSON string where its
//! model declares a number. The platform sends `expires_in` (and `issued_at`, `refresh_count`,
//! `refresh_token_expires_in`) as strings, so every language's deserialiser has its own words
//! for the same failure. The reader knows the shapes of those words, not one library's message:
//! a type mismatch between a string and a number, in a paste that shows a token response or
//! names one of those fields.

/// The words of a string-for-number mismatch, with the deserialiser that writes them. Each
/// `needle` is compared in lower case.
const SHAPES: &[(&str, &str)] = &[
    ("is not a subtype of type 'int'", "Dart"),
    ("is not a subtype of type 'num'", "Dart"),
    ("is not a subtype of type 'double'", "Dart"),
    ("expected number, received string", "Zod"),
    ("invalid type: string", "Rust serde"),
    ("cannot unmarshal string into", "Go encoding/json"),
    ("could not be converted to system.int", ".NET System.Text.Json"),
    ("could not be converted to system.double", ".NET System.Text.Json"),
    ("cannot coerce string value", "Java Jackson"),
    ("cannot deserialize value of type `int` from string", "Java Jackson"),
    ("cannot deserialize value of type `long` from string", "Java Jackson"),
    ("expected to decode int but found a string", "Swift Codable"),
    ("expected to decode double but found a string", "Swift Codable"),
    ("input should be a valid integer", "Python pydantic"),
    ("input should be a valid number", "Python pydantic"),
    ("expected int, got str", "Python"),
    // Arithmetic on the string itself: `time.time() + body["expires_in"]` (a `'str'` on the line).
    (OPERANDS, "Python"),
    ("can only concatenate str (not \"int\")", "Python"),
    ("can only concatenate str (not \"float\")", "Python"),
    ("string can't be coerced into", "Ruby"),
    ("no implicit conversion of string into integer", "Ruby"),
    // A schema validator's words name no types of their own: only on a line that names a field.
    ("must be a number", VALIDATOR),
    ("must be number", VALIDATOR),
    ("should be number", VALIDATOR),
    ("expected numeric literal", "Kotlin kotlinx.serialization"),
    ("failed to parse literal", "Kotlin kotlinx.serialization"),
    ("expected begin_object but was string", "Java Gson"),
    ("expected an int but was string", "Java Gson"),
    ("expected a long but was string", "Java Gson"),
];

const VALIDATOR: &str = "a schema validator";
const OPERANDS: &str = "unsupported operand type(s) for";

/// The fields the platform sends as strings that a client may declare as numbers.
const STRING_NUMBERS: &[&str] = &["expires_in", "issued_at", "refresh_count", "refresh_token_expires_in"];

/// A type mismatch in the text: (where its line starts and ends, the message, the deserialiser).
pub(super) fn find(text: &str) -> Option<(usize, usize, String, &'static str)> {
    let lower = text.to_ascii_lowercase();
    // About the token response: one is shown, or a string-number field is named.
    // The platform's lifetime, quoted as the string it is, on the mismatch's own line says the same.
    let about = lower.contains("\"access_token\"") || STRING_NUMBERS.iter().any(|f| lower.contains(f));
    // `to_ascii_lowercase` keeps byte offsets.
    let line_of =
        |at: usize| (text[..at].rfind('\n').map_or(0, |i| i + 1), text[at..].find('\n').map_or(text.len(), |i| at + i));
    let names_field = |at: usize| {
        let (start, end) = line_of(at);
        STRING_NUMBERS.iter().any(|f| lower[start..end].contains(f))
    };
    let (at, library) = SHAPES
        .iter()
        .filter_map(|(n, l)| lower.find(n).map(|at| (at, *l, *n)))
        .filter(|(at, _, _)| {
            about || {
                let (start, end) = line_of(*at);
                lower[start..end].contains("599")
            }
        })
        .filter(|(at, l, _)| *l != VALIDATOR || names_field(*at))
        .filter(|(at, _, n)| {
            let (start, end) = line_of(*at);
            *n != OPERANDS || lower[start..end].contains("'str'")
        })
        .map(|(at, l, _)| (at, l))
        .min_by_key(|(at, _)| *at)?;
    let (start, end) = line_of(at);
    // The message without the log prefix and exception class before it: from the last ": "
    // before the words, when that leaves the words' sentence.
    let line = &text[start..end];
    let from = text[start..at].rfind(": ").map_or(0, |i| i + 2);
    let message = line[from..].trim().trim_matches(|c| c == '"' || c == ',').trim();
    // Quotes around the whole message, not the `'str'` that ends Python's.
    let message = match message.strip_prefix('\'') {
        Some(inner) => inner.strip_suffix('\'').unwrap_or(inner),
        None => message,
    };
    let message = if message.is_empty() { line.trim() } else { message };
    Some((start, end, message.to_string(), library))
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn each_language_s_words_are_read_beside_a_token_response() {
        let body = "{\"access_token\":\"x\",\"expires_in\":\"599\"}\n";
        for (line, want) in [
            (
                "E/flutter: Unhandled Exception: type 'String' is not a subtype of type 'int' in type cast",
                "type 'String'",
            ),
            ("    \"message\": \"Expected number, received string\"", "Expected number, received string"),
            (
                "Error { kind: DeserializationError(Error(\"invalid type: string \\\"599\\\", expected i32\")) }",
                "invalid type",
            ),
            ("typeMismatch(Swift.Int, Expected to decode Int but found a string instead.)", "Expected to decode Int"),
            (
                "TypeError: unsupported operand type(s) for +: 'float' and 'str'",
                "unsupported operand type(s) for +: 'float' and 'str'",
            ),
            ("TypeError: String can't be coerced into Integer", "coerced into Integer"),
        ] {
            let (_, _, message, _) = find(&format!("{body}{line}\n")).unwrap_or_else(|| panic!("{line}"));
            assert!(message.contains(want), "{message:?} for {line}");
        }
    }

    #[test]
    fn the_platform_s_quoted_lifetime_on_the_line_is_enough() {
        assert!(find("Error(\"invalid type: string \\\"599\\\", expected i32\")").is_some());
    }

    #[test]
    fn silent_without_a_token_response_or_a_string_number_field() {
        assert_eq!(find("TypeError: type 'String' is not a subtype of type 'int' in type cast\n"), None);
        let body = "{\"access_token\":\"x\",\"expires_in\":\"599\"}\n";
        assert_eq!(find(&format!("{body}TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'")), None);
        assert_eq!(find("{\"error\":\"invalid_request\"}\nValueError: must be a number"), None);
        // A validator's words on a line that names no string-number field.
        assert_eq!(find("{\"access_token\":\"x\"}\n\"exp\" must be a number"), None);
    }
}
