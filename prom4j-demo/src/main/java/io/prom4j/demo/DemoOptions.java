package io.prom4j.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's command line: {@code --address}, {@code --port}, {@code --help}. Each flag takes
 * its value as the next argument or after {@code =} ({@code --port=9000}).
 *
 * <p>To add a flag (the TLS ones, say), add a field, a case in {@link #parse} and a line in
 * {@link #USAGE}, and apply it in {@link Demo#start}.
 *
 * @param address the address to listen on
 * @param port the TCP port
 * @param help whether {@code --help} was given
 */
record DemoOptions(String address, int port, boolean help) {

  static final String DEFAULT_ADDRESS = "0.0.0.0";
  static final int DEFAULT_PORT = 8000;

  static final String USAGE = String.join("\n",
      "Usage: java -jar prom4j-demo.jar [--address ADDRESS] [--port PORT]",
      "",
      "Serves the default registry (JVM and process metrics) plus a simulated workload",
      "(demo_requests_total, demo_request_duration_seconds, demo_queue_size,",
      "demo_build_info) at http://ADDRESS:PORT/metrics. Ctrl-C stops it.",
      "",
      "  --address ADDRESS  address to listen on (default 0.0.0.0, all IPv4 interfaces;",
      "                     :: for all IPv6 and IPv4 interfaces)",
      "  --port PORT        TCP port (default 8000; 0 picks a free one)",
      "  --help             print this help and exit",
      "");

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the bad argument
   */
  static DemoOptions parse(String... args) {
    String address = DEFAULT_ADDRESS;
    int port = DEFAULT_PORT;
    boolean help = false;
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
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    return new DemoOptions(address, port, help);
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
