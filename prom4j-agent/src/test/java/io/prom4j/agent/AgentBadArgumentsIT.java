package io.prom4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.agent.apps.MainReturns;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad agent argument stops the JVM before {@code main}: exit status 1 and one line on standard
 * error that names the argument and the rule.
 */
class AgentBadArgumentsIT {

  @TempDir Path dir;

  /** Runs {@link MainReturns} with the argument and returns the one line it printed. */
  private String refused(String argument) throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            dir, argument, List.of(ChildJvm.TEST_CLASSES), MainReturns.class.getName())) {
      int status = child.awaitExit();
      String stderr = child.stderr();

      assertThat(status).as("exit status; stderr: %s", stderr).isEqualTo(1);
      assertThat(child.stdout()).as("main must not run").isEmpty();
      assertThat(stderr).startsWith("prom4j-agent: ").endsWith("\n");
      assertThat(stderr.lines()).as("one line").hasSize(1);
      return stderr.strip();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                             | no argument: give at least the port",
        "abc                            | port must be a number in 0..65535: 'abc'",
        "70000                          | port must be a number in 0..65535: '70000'",
        "127.0.0.1:                     | port must be a number in 0..65535: ''",
        "::1:9400                       | an IPv6 address needs brackets, like [::1]:9400",
        "9400,certfle=server.crt        | unknown key 'certfle': the keys are certfile, keyfile,",
        "9400,client_auth_required      | 'client_auth_required' has no value: write"
            + " client_auth_required=true",
        "9400,keyfile=                  | 'keyfile=' has no value: write keyfile=<value>",
        "9400,,keyfile=x                | empty option",
        "9400,port_file=a,port_file=b   | port_file is given twice",
      })
  void malformedArgument_exits1WithOneLine(String argument, String rule) throws Exception {
    String line = refused(argument);

    assertThat(line).contains(rule).endsWith("(usage: " + AgentArguments.USAGE + ")");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "9400,client_cafile=ca.crt      | client_cafile is set but certfile and keyfile are not;"
            + " TLS settings need HTTPS, and prom4j-agent does not serve plain HTTP instead",
        "9400,key_password_file=k.pass  | key_password_file is set but certfile and keyfile are"
            + " not",
        "9400,certfile=/no/such.crt     | certfile is set but keyfile is not; HTTPS needs both,"
            + " and prom4j-agent does not fall back to plain HTTP",
        "9400,keyfile=/no/such.key      | keyfile is set but certfile is not",
      })
  void halfConfiguredTls_exits1InsteadOfServingPlainHttp(String argument, String rule)
      throws Exception {
    assertThat(refused(argument)).startsWith("prom4j-agent: " + rule);
  }

  @Test
  void missingFile_namesTheKeyAndTheFile() throws Exception {
    TlsFiles tls = TlsFiles.generate(dir);
    Path missing = dir.resolve("missing.key");

    String line = refused("9400,certfile=" + tls.certFile() + ",keyfile=" + missing);

    assertThat(line).isEqualTo("prom4j-agent: keyfile=" + missing + ": no such file");
  }

  @Test
  void directoryAsCertfile_isNotARegularFile() throws Exception {
    TlsFiles tls = TlsFiles.generate(dir);

    String line = refused("9400,certfile=" + dir + ",keyfile=" + tls.keyFile());

    assertThat(line).isEqualTo("prom4j-agent: certfile=" + dir + ": not a regular file");
  }

  @Test
  void fileThatIsNotPem_isRefusedWhenTheServerLoadsIt() throws Exception {
    TlsFiles tls = TlsFiles.generate(dir);
    Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate\n");

    String line = refused("127.0.0.1:0,certfile=" + garbage + ",keyfile=" + tls.keyFile());

    assertThat(line)
        .startsWith("prom4j-agent: cannot serve metrics on 127.0.0.1:0: ")
        .contains(garbage.toString());
  }

  @Test
  void badTlsVersion_namesTheKey() throws Exception {
    TlsFiles tls = TlsFiles.generate(dir);

    String line =
        refused(
            "9400,certfile="
                + tls.certFile()
                + ",keyfile="
                + tls.keyFile()
                + ",tls_min_version=TLSv1.1");

    assertThat(line).startsWith("prom4j-agent: tls_min_version=TLSv1.1: ");
  }

  @Test
  void applicationBundlesAnIncompatibleProm4j_saysSoInOneLine() throws Exception {
    Path jar = IncompatibleLibrary.jar(dir);
    try (ChildJvm child =
        ChildJvm.start(
            dir, "127.0.0.1:0", List.of(jar, ChildJvm.TEST_CLASSES), MainReturns.class.getName())) {
      int status = child.awaitExit();
      String stderr = child.stderr();

      assertThat(status).as("exit status; stderr: %s", stderr).isEqualTo(1);
      assertThat(stderr.lines()).as("one line").hasSize(1);
      assertThat(stderr)
          .startsWith("prom4j-agent: the prom4j classes on the class path (" + jar.toUri().toURL())
          .contains("do not match the agent")
          .contains("NoSuchMethodError")
          .endsWith("; bundle the same prom4j version as the agent, or none\n");
    }
  }

  @Test
  void portInUse_saysSo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      String line = refused("127.0.0.1:" + taken.getLocalPort());

      assertThat(line)
          .startsWith("prom4j-agent: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort())
          .containsIgnoringCase("in use");
    }
  }
}
