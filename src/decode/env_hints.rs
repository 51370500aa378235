//! What a paste's environment files say about a client error: a `.env` that sets the URL or key
//! the program found empty, but that nothing loads; a variable the program asks for by one name
//! and the file sets under another.

/// The variables the paste defines (`crate::extract::vars::find`: `NAME=value`, `export
/// NAME=value`) whose names are in capitals, as an environment file writes them.
fn assignments(text: &str) -> Vec<(String, String)> {
    let capitals = |name: &str| {
        name.len() > 1
            && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            && name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
    };
    crate::extract::vars::find(text).into_iter().filter(|(name, _)| capitals(name)).collect()
}

/// The paste shows a `.env` file whose URL variable the program ran without: the URL it used
/// was empty or relative. Said with the variable's name.
pub fn unloaded_env_file(text: &str) -> Option<String> {
    if !text.contains(".env") {
        return None;
    }
    let url = assignments(text).into_iter().find(|(_, v)| v.starts_with("http"))?;
    Some(format!(
        "The paste's .env sets {} to a URL, but a .env file is read only by what loads it: dotnet run, python, \
         node and java do not read it themselves, so {} was empty where this ran and the request had no URL. \
         Load it (DotNetEnv's Env.Load(), python-dotenv's load_dotenv(), node --env-file=.env, or set -a; \
         source .env; set +a in the shell), or set the environment variable where the program runs.",
        url.0, url.0
    ))
}

/// A variable the message asks for that the paste's environment file does not set, where it sets
/// a name that differs only in its underscores or case (`SDS_APIKEY` asked, `SDS_API_KEY` set).
pub fn misnamed_variable(text: &str, message: &str) -> Option<String> {
    let set = assignments(text);
    let folded = |s: &str| s.chars().filter(|c| *c != '_').collect::<String>().to_ascii_uppercase();
    let asked = message
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.len() > 3 && w.contains('_') && w.chars().all(|c| !c.is_ascii_lowercase()))
        .find(|w| !set.iter().any(|(n, _)| n == w))?;
    let near = set.iter().find(|(n, _)| n != asked && folded(n) == folded(asked))?;
    Some(format!(
        "The program asks for {asked}, and the paste's environment file sets {} instead: the names differ, so \
         {asked} was not set where this ran. Set {asked} itself (the name the program's documentation gives).",
        near.0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_env_file_that_is_not_loaded_is_named() {
        let text = "Unhandled exception. System.InvalidOperationException: An invalid request URI was provided.\n\
                    > type .env\nexport CLIENT_ID=abc\nexport ENDPOINT=https://sandbox.api.service.nhs.uk/hello-world\n";
        assert!(unloaded_env_file(text).is_some_and(|s| s.contains("ENDPOINT")));
        assert_eq!(unloaded_env_file("ENDPOINT=https://x\n(no env file named)"), None);
        assert_eq!(unloaded_env_file("cat .env\nCLIENT_ID=abc\n"), None);
    }

    #[test]
    fn a_variable_set_under_another_name_is_named() {
        let text = "$ cat .env\nGPC_CONSUMER_SDS_API_KEY=Vb3n\n";
        let said = misnamed_variable(text, "The environment variable(s) GPC_CONSUMER_SDS_APIKEY must be provided.");
        assert!(said
            .is_some_and(|s| s.contains("GPC_CONSUMER_SDS_API_KEY") && s.contains("asks for GPC_CONSUMER_SDS_APIKEY")));
        assert_eq!(
            misnamed_variable(text, "The environment variable(s) GPC_CONSUMER_SDS_API_KEY must be provided."),
            None
        );
        assert_eq!(misnamed_variable(text, "The environment variable(s) OTHER_NAME must be provided."), None);
    }
}
