package io.hubscore.config;

/**
 * How much of the portal's HubSpot API budget this daemon may use. HubSpot's burst limit is per app
 * and the daily limit is shared by every app of the account, so leave room for the others.
 *
 * @param burstShare share (0..1] of the 10-second budget
 * @param dailyShare share (0..1] of the daily budget
 * @param burstLimit the portal's 10-second limit, used until HubSpot's response headers say otherwise
 * @param dailyLimit the portal's daily limit, used until HubSpot's response headers say otherwise
 * @param searchPerSecond search requests per second (HubSpot allows 5 per account; search responses
 *     carry no rate-limit headers)
 */
public record RateLimitConfig(
        @Default("0.5") double burstShare,
        @Default("0.5") double dailyShare,
        @Default("100") int burstLimit,
        @Default("250000") int dailyLimit,
        @Default("4") int searchPerSecond) {
}
