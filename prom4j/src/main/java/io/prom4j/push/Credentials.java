package io.prom4j.push;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code Authorization} header values. Messages about a bad secret say what is wrong, never the
 * secret.
 */
final class Credentials {

  private Credentials() {}

  /**
   * {@code Basic base64(user ":" password)}, UTF-8 (RFC 7617).
   *
   * @throws IllegalArgumentException if the user contains {@code :} or a control character, or the
   *     password contains a control character
   */
  static String basic(String user, String password) {
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "basicAuth user must not contain ':' (RFC 7617: it separates user and password): "
              + user);
    }
    if (hasControl(user)) {
      throw new IllegalArgumentException(
          "basicAuth user must not contain control characters (such as CR or LF)");
    }
    if (hasControl(password)) {
      throw new IllegalArgumentException(
          "basicAuth password must not contain control characters (such as CR or LF)");
    }
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code Bearer <token>} (RFC 6750).
   *
   * @throws IllegalArgumentException if the token is empty or has a character outside visible ASCII
   *     ({@code !} to {@code ~})
   */
  static String bearer(String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException("bearerToken must not be empty");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < '!' || c > '~') {
        throw new IllegalArgumentException(
            "bearerToken must be visible ASCII characters only (no spaces, line breaks or"
                + " non-ASCII): character at index "
                + i
                + " is not");
      }
    }
    return "Bearer " + token;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
