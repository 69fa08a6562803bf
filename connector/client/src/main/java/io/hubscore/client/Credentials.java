package io.hubscore.client;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A secret (access token, service key, client secret, refresh token) read on demand. Its
 * {@code toString}, {@code equals} and {@code hashCode} never reveal the secret, so records holding
 * it can be printed safely. Thread-safe when the supplier is.
 */
public final class Credentials {

    private final Supplier<char[]> secret;

    private Credentials(Supplier<char[]> secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /** A secret read from the supplier each time it is needed (e.g. from a file that may be rotated). */
    public static Credentials from(Supplier<char[]> secret) {
        return new Credentials(secret);
    }

    /** A fixed secret; the array is copied. */
    public static Credentials of(char[] secret) {
        char[] copy = secret.clone();
        if (copy.length == 0) {
            throw new IllegalArgumentException("a credential must not be empty");
        }
        return new Credentials(copy::clone);
    }

    /** A copy of the secret; callers should clear it when done. */
    char[] reveal() {
        char[] value = secret.get();
        if (value == null || value.length == 0) {
            throw new AuthFailed("no credential available", null, null);
        }
        return value;
    }

    String revealAsString() {
        char[] value = reveal();
        try {
            return new String(value);
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    @Override
    public String toString() {
        return "Credentials[redacted]";
    }
}
