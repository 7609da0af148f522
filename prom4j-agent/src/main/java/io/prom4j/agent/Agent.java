package io.prom4j.agent;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A Java agent that serves the default registry ({@link CollectorRegistry#defaultRegistry()}: JVM
 * and process metrics, and whatever the application registers there) with a {@link MetricsServer},
 * without a change to the application.
 *
 * <pre>{@code
 * java -javaagent:prom4j-agent.jar=9400 -jar app.jar                     # all IPv4 interfaces
 * java -javaagent:prom4j-agent.jar=127.0.0.1:9400 -jar app.jar
 * java -javaagent:prom4j-agent.jar=[::]:9400,certfile=server.crt,keyfile=server.key,\
 *      client_auth_required=true,client_cafile=clients-ca.crt -jar app.jar
 * }</pre>
 *
 * <p>The argument is {@code [host:]port[,key=value...]}: the host defaults to {@code 0.0.0.0}, an
 * IPv6 host goes in brackets, and the keys are the Python client's argument names: {@code
 * certfile}, {@code keyfile}, {@code client_cafile}, {@code client_capath}, {@code
 * client_auth_required} ({@code true} or {@code false}), {@code tls_min_version}, {@code
 * tls_max_version} ({@code TLSv1.2} or {@code TLSv1.3}), {@code key_password_file} (a file whose
 * first line is the password of an encrypted PKCS#8 key), and {@code port_file} (a file the bound
 * port is written to once the server listens, useful with port 0). Values cannot contain commas.
 *
 * <p>The server is listening when {@code premain} returns, so the application's {@code main} starts
 * with its metrics served; its threads are daemons, so the JVM exits when the application is done.
 * A bad argument (no port, an unknown key, a key without a value, a file that cannot be read, TLS
 * half configured) or a server that cannot start (port in use, a certificate that does not load)
 * stops the JVM before {@code main} with one line on standard error naming the argument and the
 * rule, and exit status 1: an agent that silently serves nothing is worse.
 */
public final class Agent {

  /** The running server; kept so that it is reachable for as long as the JVM runs. */
  private static volatile MetricsServer server;

  private Agent() {}

  /**
   * Starts the metrics server before the application's {@code main}; called by the JVM for {@code
   * -javaagent:prom4j-agent.jar=<argument>}. On a bad argument the JVM exits with status 1 after
   * one line on standard error.
   *
   * @param argument {@code [host:]port[,key=value...]}
   * @param instrumentation unused
   */
  public static void premain(String argument, Instrumentation instrumentation) {
    String failure;
    try {
      start(argument);
      return;
    } catch (IllegalArgumentException e) {
      failure = e.getMessage();
    } catch (LinkageError e) {
      failure = versionMismatch(e);
    }
    // The one place prom4j writes to System.err and ends the JVM: the JVM is starting and about
    // to exit because of us, no logging is configured yet, and the alternative is worse. An
    // exception thrown from premain makes the JVM abort (SIGABRT, exit status 134, maybe a core
    // file) after a stack trace and a dozen lines of native frames and JPLIS assertions, in which
    // the reason is hard to find. One line and exit status 1 is what jmx_exporter does too.
    System.err.println(failure);
    System.exit(1);
  }

  /**
   * Starts the metrics server in a running JVM, when the agent is loaded through the attach API.
   * Unlike {@link #premain}, a bad argument never ends the JVM: the exception goes back to the tool
   * that attached.
   *
   * @param argument {@code [host:]port[,key=value...]}
   * @param instrumentation unused
   * @throws IllegalArgumentException naming the bad argument and the rule, or why the server could
   *     not start
   */
  public static void agentmain(String argument, Instrumentation instrumentation) {
    start(argument);
  }

  /**
   * Parses the argument, starts the server and writes the port file.
   *
   * @throws IllegalArgumentException with a one-line message naming the argument and the rule
   */
  static MetricsServer start(String argument) {
    AgentArguments arguments = AgentArguments.parse(argument);
    MetricsServer.Builder builder = arguments.builder();
    MetricsServer started;
    try {
      started = builder.start();
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      throw new IllegalArgumentException(
          "prom4j-agent: cannot serve metrics on "
              + arguments.hostAndPort()
              + ": "
              + oneLine(e)
              + " (argument: "
              + argument
              + ")",
          e);
    }
    Path portFile = arguments.portFile();
    if (portFile != null) {
      try {
        writeAtomically(portFile, started.port() + "\n");
      } catch (IOException | RuntimeException e) {
        started.close();
        throw new IllegalArgumentException(
            "prom4j-agent: port_file=" + portFile + ": cannot write it: " + e, e);
      }
    }
    server = started;
    return started;
  }

  /**
   * The line for a class that does not fit the agent's code: the application's class path comes
   * before the agent jar, so a prom4j the application bundles is the copy the agent runs against.
   */
  static String versionMismatch(LinkageError e) {
    String agentVersion = Agent.class.getPackage().getImplementationVersion();
    String library = "unknown";
    try {
      var source = MetricsServer.class.getProtectionDomain().getCodeSource();
      if (source != null) {
        library = String.valueOf(source.getLocation());
      }
    } catch (LinkageError | SecurityException ignored) {
      // keep "unknown"
    }
    return "prom4j-agent: the prom4j classes on the class path ("
        + library
        + ") do not match the agent (version "
        + (agentVersion == null ? "unknown" : agentVersion)
        + "): "
        + e
        + "; bundle the same prom4j version as the agent, or none";
  }

  /** The message, with the cause's when it adds something (a BindException's reason). */
  private static String oneLine(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message += ": " + cause.getMessage();
    }
    return message.replace('\n', ' ').replace('\r', ' ');
  }

  /** Writes through a temporary file and a rename, so that a reader never sees half a file. */
  private static void writeAtomically(Path file, String text) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path temporary = Files.createTempFile(absolute.getParent(), ".prom4j-port", ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.US_ASCII);
      Files.move(
          temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The server the agent started, or null (tests). */
  static MetricsServer server() {
    return server;
  }
}
