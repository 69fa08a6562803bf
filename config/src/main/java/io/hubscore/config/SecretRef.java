package io.hubscore.config;

import io.hubscore.HubScoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a secret (token, client secret, refresh token) comes from: an environment variable, written
 * {@code ${NAME}}, or a file, written {@code file:/path}. Secrets are never written inline in the config
 * and never held by the config records: the value is read only when {@link #resolve} is called, and
 * {@link #toString()} names the source, never the value. Immutable and thread-safe.
 */
public record SecretRef(Kind kind, String name) {

    /** How the secret is found. */
    public enum Kind {
        ENV,
        FILE
    }

    private static final Pattern ENV_FORM = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String FILE_PREFIX = "file:";

    public SecretRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Reads a secret reference from the config's raw text, or returns {@code null} when the text is
     * neither {@code ${NAME}} nor {@code file:PATH} (an inline secret, which the caller reports without
     * echoing it).
     */
    static SecretRef parse(String raw) {
        String text = raw.strip();
        Matcher env = ENV_FORM.matcher(text);
        if (env.matches()) {
            return new SecretRef(Kind.ENV, env.group(1));
        }
        if (text.startsWith(FILE_PREFIX) && text.length() > FILE_PREFIX.length()) {
            return new SecretRef(Kind.FILE, text.substring(FILE_PREFIX.length()).strip());
        }
        return null;
    }

    /**
     * Reads the secret now. This is the one place a secret is read from its source and checked: surrounding
     * white space (the newline that ends a secret file) is stripped, and what is left must be printable ASCII,
     * as every HubSpot credential is, so that it can be sent in an HTTP header.
     *
     * @param environment looks up an environment variable, returning null when it is not set
     * @throws SecretUnavailableException when the variable is unset or empty, the file unreadable or empty, or the
     *     secret holds a character that cannot be sent; the message names the source, never the value
     */
    public String resolve(UnaryOperator<String> environment) {
        String value;
        if (kind == Kind.ENV) {
            value = environment.apply(name);
            if (value == null || value.isBlank()) {
                throw new SecretUnavailableException(source() + " is not set");
            }
        } else {
            try {
                value = Files.readString(Path.of(name), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new SecretUnavailableException("cannot read " + source() + " (" + reason(e) + ")");
            }
            if (value.isBlank()) {
                throw new SecretUnavailableException(source() + " is empty");
            }
        }
        String secret = value.strip();
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new SecretUnavailableException(source() + " holds "
                        + (Character.isISOControl(c) ? "a control character" : "a character that is not ASCII")
                        + String.format(" (U+%04X)", (int) c) + "; a secret is printable ASCII on one line");
            }
        }
        return secret;
    }

    /** Where the secret is read from, for messages: the variable's or the file's name, never the value. */
    public String source() {
        return kind == Kind.ENV ? "environment variable " + name : "secret file " + name;
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return kind == Kind.ENV ? "${" + name + "}" : FILE_PREFIX + name;
    }

    /** A secret could not be read; the message names where it was looked for. */
    public static final class SecretUnavailableException extends HubScoreException {
        private static final long serialVersionUID = 1L;

        SecretUnavailableException(String message) {
            super(message);
        }
    }
}
