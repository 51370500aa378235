// Pastes shared by the end-to-end tests.

/** The seed forum post: a 500 InvalidClientIdentifier from the sandbox, with forum typography. */
export const SEED = `Today when trying to continue development using the sandbox environments, when I go to authenticate, I am getting a 500 error: Invalid client identifier.
Request URL: https://sandbox.api.service.nhs.uk/oauth2/token
Method: POST
Response Content: “{“fault”:{“faultstring”:“Invalid client identifier {0}”,“detail”:{“errorcode”:“oauth.v2.InvalidClientIdentifier”}}}”`;
