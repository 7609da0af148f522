package io.prom4j.agent;

import io.prom4j.http.MetricsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's argument, {@code [host:]port[,key=value...]}, parsed and checked: every file named is
 * readable, TLS is configured whole or not at all. Every failure is an {@link
 * IllegalArgumentException} whose message is one line naming the argument and the rule, ready to be
 * shown as it is.
 */
final class AgentArguments {

  static final String USAGE = "-javaagent:prom4j-agent.jar=[host:]port[,key=value...]";

  /** The keys, named as the Python client's arguments (plus {@code port_file}). */
  static final List<String> KEYS =
      List.of(
          "certfile",
          "keyfile",
          "client_cafile",
          "client_capath",
          "client_auth_required",
          "tls_min_version",
          "tls_max_version",
          "key_password_file",
          "port_file");

  private static final List<String> TLS_KEYS =
      List.of(
          "client_cafile",
          "client_capath",
          "client_auth_required",
          "tls_min_version",
          "tls_max_version",
          "key_password_file");

  /** The host as given ({@code 0.0.0.0} when left out), without brackets. */
  final String host;

  final int port;

  /** Key to value, in the order given. */
  final Map<String, String> options;

  private AgentArguments(String host, int port, Map<String, String> options) {
    this.host = host;
    this.port = port;
    this.options = options;
  }

  /** {@code host:port} as given, IPv6 hosts in brackets. */
  String hostAndPort() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The file to write the bound port to, or null. */
  Path portFile() {
    String value = options.get("port_file");
    return value == null ? null : Path.of(value);
  }

  /**
   * Parses and checks the agent argument.
   *
   * @throws IllegalArgumentException naming the bad part and the rule
   */
  static AgentArguments parse(String argument) {
    if (argument == null || argument.isEmpty()) {
      throw badSyntax(
          "no argument: give at least the port, such as -javaagent:prom4j-agent.jar=9400");
    }
    String[] parts = argument.split(",", -1);
    String address = parts[0];
    String host = "0.0.0.0";
    String portText = address;
    if (address.startsWith("[")) {
      int close = address.indexOf(']');
      if (close < 0 || close + 1 >= address.length() || address.charAt(close + 1) != ':') {
        throw badSyntax(
            "address '" + address + "': write an IPv6 address as [host]:port, like [::1]:9400");
      }
      host = address.substring(1, close);
      portText = address.substring(close + 2);
      if (host.isEmpty()) {
        throw badSyntax("address '" + address + "': the host between [ and ] is empty");
      }
    } else {
      int colon = address.indexOf(':');
      if (colon >= 0) {
        if (address.indexOf(':', colon + 1) >= 0) {
          throw badSyntax(
              "address '" + address + "': an IPv6 address needs brackets, like [::1]:9400");
        }
        host = address.substring(0, colon);
        portText = address.substring(colon + 1);
        if (host.isEmpty()) {
          throw badSyntax(
              "address '" + address + "': the host before ':' is empty; leave out ':' too");
        }
      }
    }
    int port = port(portText);

    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        throw badSyntax(
            "empty option in '" + argument + "': options are key=value, split by one comma");
      }
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      if (!KEYS.contains(key)) {
        throw badSyntax("unknown key '" + key + "': the keys are " + String.join(", ", KEYS));
      }
      if (eq < 0 || eq == part.length() - 1) {
        throw badSyntax(
            "'"
                + part
                + "' has no value: write "
                + key
                + "="
                + (key.equals("client_auth_required") ? "true" : "<value>"));
      }
      if (options.put(key, part.substring(eq + 1)) != null) {
        throw badSyntax(key + " is given twice");
      }
    }
    AgentArguments parsed = new AgentArguments(host, port, options);
    parsed.check();
    return parsed;
  }

  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw badSyntax("port must be a number in 0..65535: '" + text + "'");
    }
    int port = Integer.parseInt(text);
    if (port > 65535) {
      throw badSyntax("port must be a number in 0..65535: '" + text + "'");
    }
    return port;
  }

  /** Checks what can be checked before the server starts: files, booleans, TLS completeness. */
  private void check() {
    String cert = options.get("certfile");
    String key = options.get("keyfile");
    if ((cert == null) != (key == null)) {
      throw bad(
          (cert == null
                  ? "keyfile is set but certfile is not"
                  : "certfile is set but keyfile is not")
              + "; HTTPS needs both, and prom4j-agent does not fall back to plain HTTP");
    }
    if (cert == null) {
      for (String tlsKey : TLS_KEYS) {
        if (options.containsKey(tlsKey)) {
          throw bad(
              tlsKey
                  + " is set but certfile and keyfile are not; TLS settings need HTTPS, and"
                  + " prom4j-agent does not serve plain HTTP instead");
        }
      }
    }
    String auth = options.get("client_auth_required");
    if (auth != null && !auth.equals("true") && !auth.equals("false")) {
      throw bad("client_auth_required must be true or false: '" + auth + "'");
    }
    for (String fileKey : List.of("certfile", "keyfile", "client_cafile", "key_password_file")) {
      String value = options.get(fileKey);
      if (value != null) {
        readableFile(fileKey, value);
      }
    }
    String caPath = options.get("client_capath");
    if (caPath != null) {
      Path dir = path("client_capath", caPath);
      if (!Files.isDirectory(dir)) {
        throw bad(
            "client_capath="
                + caPath
                + ": "
                + (Files.exists(dir) ? "not a directory" : "no such directory"));
      }
      if (!Files.isReadable(dir)) {
        throw bad("client_capath=" + caPath + ": directory not readable");
      }
    }
    String portFile = options.get("port_file");
    if (portFile != null) {
      Path file = path("port_file", portFile).toAbsolutePath();
      if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
        throw bad("port_file=" + portFile + ": its directory does not exist");
      }
    }
  }

  private static Path path(String key, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw bad(key + "=" + value + ": not a valid path (" + e.getReason() + ")");
    }
  }

  private static void readableFile(String key, String value) {
    Path file = path(key, value);
    if (!Files.exists(file)) {
      throw bad(key + "=" + value + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw bad(key + "=" + value + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw bad(key + "=" + value + ": file not readable");
    }
  }

  /**
   * A builder with every setting applied; a value a setter rejects (a TLS version) is reported with
   * its agent key.
   */
  MetricsServer.Builder builder() {
    MetricsServer.Builder builder = MetricsServer.builder().address(host).port(port);
    for (Map.Entry<String, String> option : options.entrySet()) {
      String value = option.getValue();
      switch (option.getKey()) {
        case "certfile":
          builder.certFile(Path.of(value));
          break;
        case "keyfile":
          builder.keyFile(Path.of(value));
          break;
        case "client_cafile":
          builder.clientCaFile(Path.of(value));
          break;
        case "client_capath":
          builder.clientCaPath(Path.of(value));
          break;
        case "client_auth_required":
          builder.clientAuthRequired(Boolean.parseBoolean(value));
          break;
        case "tls_min_version":
          try {
            builder.tlsMinVersion(value);
          } catch (IllegalArgumentException e) {
            throw bad("tls_min_version=" + value + ": " + e.getMessage());
          }
          break;
        case "tls_max_version":
          try {
            builder.tlsMaxVersion(value);
          } catch (IllegalArgumentException e) {
            throw bad("tls_max_version=" + value + ": " + e.getMessage());
          }
          break;
        case "key_password_file":
          char[] password = password(value);
          builder.keyPassword(password);
          Arrays.fill(password, '\0');
          break;
        default: // port_file: not a server setting
          break;
      }
    }
    return builder;
  }

  /** The first line of the password file, without its line end. */
  private static char[] password(String file) {
    try (BufferedReader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      if (line == null || line.isEmpty()) {
        throw bad("key_password_file=" + file + ": the first line (the password) is empty");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw bad("key_password_file=" + file + ": cannot read it: " + e);
    }
  }

  static IllegalArgumentException bad(String rule) {
    return new IllegalArgumentException("prom4j-agent: " + rule);
  }

  /** A malformed argument: the message ends with the usage. */
  static IllegalArgumentException badSyntax(String rule) {
    return bad(rule + " (usage: " + USAGE + ")");
  }
}
