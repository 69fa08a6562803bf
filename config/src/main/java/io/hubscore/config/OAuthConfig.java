package io.hubscore.config;

/**
 * An OAuth app's credentials for the refresh-token flow.
 *
 * @param tokenEndpoint which token endpoint to use: {@code v1} ({@code /oauth/v1/token}) or
 *     {@code 2026-03} ({@code /oauth/2026-03/token})
 */
public record OAuthConfig(
        SecretRef clientId,
        SecretRef clientSecret,
        SecretRef refreshToken,
        @Default("v1") String tokenEndpoint) {
}
