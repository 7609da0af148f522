package io.prom4j.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The gateway's base URL: scheme, host, port and an optional path prefix, without a trailing slash,
 * so that a group's path ({@code /metrics/job/...}) is appended as it is.
 *
 * @param base the base URL, for example {@code http://localhost:9091} or {@code
 *     https://gw.example/prefix}
 * @param https whether the scheme is {@code https}
 */
record GatewayUrl(URI base, boolean https) {

  /**
   * {@code host:port} over plain HTTP.
   *
   * @throws IllegalArgumentException if {@code address} is not {@code host:port}
   */
  static GatewayUrl ofAddress(String address) {
    if (address.contains("://")) {
      throw new IllegalArgumentException(
          "address must be host:port without a scheme (use url(...) for a URL): " + address);
    }
    if (address.isEmpty() || address.matches(".*[/?#@\\s].*")) {
      throw new IllegalArgumentException(
          "address must be host:port, such as localhost:9091 (use url(...) for a path prefix): \""
              + address
              + "\"");
    }
    URI uri = parse("http://" + address, "address", address);
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException(
          "address must be host:port with a port, such as localhost:9091"
              + " (the Pushgateway listens on 9091 by default): "
              + address);
    }
    checkPort(uri, "address", address);
    return new GatewayUrl(uri, false);
  }

  /**
   * An absolute {@code http} or {@code https} URL with an optional path prefix.
   *
   * @throws IllegalArgumentException if {@code url} is not one, or has a query, fragment or user
   *     info
   */
  static GatewayUrl ofUrl(String url) {
    URI uri = parse(url, "url", url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "url must start with http:// or https:// (use address(...) for host:port): " + url);
    }
    if (uri.getRawUserInfo() != null) {
      // never repeat the user info: it may hold a password
      throw new IllegalArgumentException(
          "url must not contain user info: set credentials with basicAuth(user, password)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("url must have a host name or address: " + url);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "url must not have a query or fragment (the path is /metrics/job/...): " + url);
    }
    checkPort(uri, "url", url);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new GatewayUrl(
        parse(scheme + "://" + uri.getRawAuthority() + path, "url", url), scheme.equals("https"));
  }

  /** The base URL with {@code path} (which starts with {@code /}, already encoded) appended. */
  URI resolve(String path) {
    return URI.create(base + path);
  }

  private static URI parse(String uri, String setting, String value) {
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          setting + " is not a valid URL (" + e.getReason() + "): " + value, e);
    }
  }

  private static void checkPort(URI uri, String setting, String value) {
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new IllegalArgumentException(
          setting + " port must be in 1..65535: " + uri.getPort() + " (" + value + ")");
    }
  }
}
