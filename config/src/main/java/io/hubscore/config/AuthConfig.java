package io.hubscore.config;

/**
 * How the daemon authenticates: a static token (private app or service key) or OAuth. Exactly one of
 * {@code token} and {@code oauth} is set. Secrets are references ({@code ${ENV}} or {@code file:PATH}),
 * read only when the daemon connects.
 *
 * @param token a private-app or service-key token; may be null when {@code oauth} is set
 * @param oauth an OAuth app's refresh-token credentials; may be null when {@code token} is set
 */
public record AuthConfig(@OptionalKey SecretRef token, @OptionalKey OAuthConfig oauth) {
}
