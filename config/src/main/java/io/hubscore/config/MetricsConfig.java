package io.hubscore.config;

/**
 * The daemon's health and metrics HTTP endpoint ({@code /health}, Prometheus {@code /metrics}).
 *
 * @param port the port; 0 turns the endpoint off
 * @param bind the address to listen on; loopback by default, {@code 0.0.0.0} in a container that is scraped
 */
public record MetricsConfig(@Default("0") int port, @Default("127.0.0.1") String bind) {
}
