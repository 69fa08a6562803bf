package io.hubscore.config;

import java.time.ZoneId;

/**
 * Which HubSpot portal this daemon serves, how it authenticates, and where its ledger lives.
 *
 * @param id a name for the portal, used in logs, metrics and the default file names
 * @param baseUrl HubSpot's API base URL; point it at a proxy or the simulator to test
 * @param timeZone the portal's time zone: HubSpot resets the daily API limit at its midnight
 * @param auth the credentials
 * @param ledger the SQLite ledger file of this portal
 */
public record PortalConfig(
        String id,
        @Default("https://api.hubapi.com") String baseUrl,
        @Default("UTC") ZoneId timeZone,
        @Required AuthConfig auth,
        String ledger) {
}
