package io.prom4j.demo;

import io.prom4j.http.MetricsServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The demo's command line: {@code --address}, {@code --port}, the TLS flags and {@code --help}.
 * Each flag that takes a value takes it as the next argument or after {@code =} ({@code
 * --port=9000}).
 *
 * <p>To add a flag, add a field, a case in {@link #parse} and a line in {@link #USAGE}, and apply
 * it in {@link Demo#start}.
 *
 * @param address the address to listen on
 * @param port the TCP port
 * @param help whether {@code --help} was given
 * @param tls the TLS flags ({@link Tls#NONE} for plain HTTP)
 */
record DemoOptions(String address, int port, boolean help, Tls tls) {

  static final String DEFAULT_ADDRESS = "0.0.0.0";
  static final int DEFAULT_PORT = 8000;

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar prom4j-demo.jar [--address ADDRESS] [--port PORT] [TLS options]",
          "",
          "Serves the default registry (JVM and process metrics) plus a simulated workload",
          "(demo_requests_total, demo_request_duration_seconds, demo_queue_size,",
          "demo_build_info) at http://ADDRESS:PORT/metrics, or https:// with --certfile and",
          "--keyfile. Ctrl-C stops it.",
          "",
          "  --address ADDRESS          address to listen on (default 0.0.0.0, all IPv4",
          "                             interfaces; :: for all IPv6 and IPv4 interfaces)",
          "  --port PORT                TCP port (default 8000; 0 picks a free one)",
          "  --help                     print this help and exit",
          "",
          "TLS options (--certfile and --keyfile turn HTTPS on; every other TLS option needs",
          "both, and one without the other is an error, never plain HTTP):",
          "  --certfile FILE            PEM certificate chain, server certificate first",
          "  --keyfile FILE             PEM private key: PKCS#8, encrypted PKCS#8, PKCS#1 RSA",
          "                             or SEC1 EC",
          "  --key-password-file FILE   password of an encrypted --keyfile (first line of FILE)",
          "  --client-auth-required     mutual TLS: clients must present a certificate signed",
          "                             by a client CA (default: no client certificate asked)",
          "  --client-cafile FILE       PEM file of trusted client CA certificates",
          "  --client-capath DIR        directory of PEM client CA certificates (with neither,",
          "                             --client-auth-required trusts the JDK's default CAs)",
          "  --tls-min-version VERSION  lowest TLS version: TLSv1.2 (default) or TLSv1.3",
          "  --tls-max-version VERSION  highest TLS version: TLSv1.3 (default) or TLSv1.2",
          "");

  /** Plain HTTP options. */
  DemoOptions(String address, int port, boolean help) {
    this(address, port, help, Tls.NONE);
  }

  /**
   * The TLS flags as given; null (or false) where a flag is absent. {@link MetricsServer}'s builder
   * decides what the combination means and refuses the incomplete ones.
   *
   * @param certFile {@code --certfile}
   * @param keyFile {@code --keyfile}
   * @param keyPasswordFile {@code --key-password-file}
   * @param clientAuthRequired {@code --client-auth-required}
   * @param clientCaFile {@code --client-cafile}
   * @param clientCaPath {@code --client-capath}
   * @param minVersion {@code --tls-min-version}
   * @param maxVersion {@code --tls-max-version}
   */
  record Tls(
      Path certFile,
      Path keyFile,
      Path keyPasswordFile,
      boolean clientAuthRequired,
      Path clientCaFile,
      Path clientCaPath,
      String minVersion,
      String maxVersion) {

    /** No TLS flag at all: plain HTTP. */
    static final Tls NONE = new Tls(null, null, null, false, null, null, null, null);

    /** Whether {@code --certfile} and {@code --keyfile} ask for HTTPS. */
    boolean https() {
      return certFile != null && keyFile != null;
    }
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the bad argument
   */
  static DemoOptions parse(String... args) {
    String address = DEFAULT_ADDRESS;
    int port = DEFAULT_PORT;
    boolean help = false;
    Path certFile = null;
    Path keyFile = null;
    Path keyPasswordFile = null;
    boolean clientAuthRequired = false;
    Path clientCaFile = null;
    Path clientCaPath = null;
    String minVersion = null;
    String maxVersion = null;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      String flag = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (flag) {
        case "--help", "-h" -> help = true;
        case "--address" -> address = value(flag, inline, rest);
        case "--port" -> port = port(value(flag, inline, rest));
        case "--certfile" -> certFile = path(flag, inline, rest);
        case "--keyfile" -> keyFile = path(flag, inline, rest);
        case "--key-password-file" -> keyPasswordFile = path(flag, inline, rest);
        case "--client-auth-required" -> {
          if (inline != null) {
            throw new IllegalArgumentException(flag + " takes no value: " + arg);
          }
          clientAuthRequired = true;
        }
        case "--client-cafile" -> clientCaFile = path(flag, inline, rest);
        case "--client-capath" -> clientCaPath = path(flag, inline, rest);
        case "--tls-min-version" ->
            minVersion =
                version(flag, value(flag, inline, rest), MetricsServer.Builder::tlsMinVersion);
        case "--tls-max-version" ->
            maxVersion =
                version(flag, value(flag, inline, rest), MetricsServer.Builder::tlsMaxVersion);
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    Tls tls =
        new Tls(
            certFile,
            keyFile,
            keyPasswordFile,
            clientAuthRequired,
            clientCaFile,
            clientCaPath,
            minVersion,
            maxVersion);
    return new DemoOptions(address, port, help, tls);
  }

  private static String value(String flag, String inline, List<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return rest.remove(0);
  }

  private static Path path(String flag, String inline, List<String> rest) {
    String text = value(flag, inline, rest);
    if (text.isEmpty()) {
      throw new IllegalArgumentException(flag + " needs a file name, not an empty string");
    }
    return Path.of(text);
  }

  /** Checks a version with the builder's own setter, so the rule lives in one place. */
  private static String version(
      String flag, String text, BiConsumer<MetricsServer.Builder, String> setter) {
    try {
      setter.accept(MetricsServer.builder(), text);
      return text;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
    }
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number in 0..65535: " + text);
  }
}
