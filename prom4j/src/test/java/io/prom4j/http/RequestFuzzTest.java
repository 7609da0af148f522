package io.prom4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.testing.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed and mutated requests (a fixed seed, a bounded count): every answer is well-formed HTTP
 * with a status the engine may send, no answer leaks a stack trace, and the server serves normally
 * afterwards with no connection left behind.
 */
class RequestFuzzTest {

  private static final long SEED = 0x5eed_13L;
  private static final int REQUESTS = 1500;

  private static final String[] SEEDS = {
    "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n",
    "GET /metrics?name[]=gg&name[]=cc HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: a\r\nAccept: application/openmetrics-text; version=1.0.0\r\n\r\n",
    "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
    "HEAD /favicon.ico HTTP/1.0\r\n\r\n",
    "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n Transfer-Encoding: chunked\r\n\r\n",
    "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\nGET /favicon.ico HTTP/1.1\r\nHost: a\r\n\r\n",
    "GET http://a/metrics?name%5B%5D=gg HTTP/1.1\r\nHost: a\r\n"
        + "X-Prometheus-Scrape-Timeout-Seconds: 2\r\n\r\n",
  };

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) [A-Za-z ]+");

  private MetricsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void mutatedRequests_getWellFormedAnswersOrAClose_andTheServerServesOn() throws Exception {
    server =
        Scrape.server(TestCollectors.small())
            .headTimeout(Duration.ofSeconds(2))
            .maxConnections(64)
            .start();
    Random random = new Random(SEED);
    int answered = 0;
    for (int i = 0; i < REQUESTS; i++) {
      byte[] request = mutate(SEEDS[random.nextInt(SEEDS.length)], random);
      String answer = exchange(request);
      if (answer.isEmpty()) {
        continue; // closed without an answer: allowed for bytes that are not a request at all
      }
      answered++;
      String statusLine = answer.substring(0, Math.max(0, answer.indexOf("\r\n")));
      assertThat(statusLine).as("request %d: %s", i, printable(request)).matches(STATUS_LINE);
      int status = Integer.parseInt(statusLine.substring(9, 12));
      assertThat(status).isIn(200, 400, 405, 408, 414, 431, 505);
      assertThat(answer).doesNotContain("Exception").doesNotContain("\tat ");
    }

    assertThat(answered).isGreaterThan(REQUESTS / 2);
    Scrape.completesQuickly(server.port());
    Poll.until(
        "every fuzz connection closed",
        Duration.ofSeconds(30),
        () -> server.openConnections() == 0);
  }

  /** One to four mutations: flip, insert, delete, duplicate a range, or truncate. */
  private static byte[] mutate(String seed, Random random) {
    StringBuilder b = new StringBuilder(seed);
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations && b.length() > 0; m++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(6)) {
        case 0 -> b.setCharAt(at, (char) random.nextInt(256));
        case 1 -> b.insert(at, (char) random.nextInt(256));
        case 2 -> b.deleteCharAt(at);
        case 3 -> {
          int end = Math.min(b.length(), at + 1 + random.nextInt(16));
          b.insert(at, b.substring(at, end).repeat(1 + random.nextInt(300)));
        }
        case 4 -> b.insert(at, random.nextBoolean() ? "\r\n" : "\n");
        default -> b.setLength(at);
      }
    }
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends the bytes, half-closes, and reads everything the server sends until it closes. */
  private String exchange(byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      s.setSoTimeout(10_000);
      try {
        s.getOutputStream().write(request);
        s.shutdownOutput(); // a truncated head ends at once instead of at its deadline
      } catch (IOException e) {
        // the server refused early and closed: read what it said
      }
      InputStream in = s.getInputStream();
      byte[] all = in.readAllBytes();
      return new String(all, StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException e) {
      return ""; // a reset after an early refusal
    }
  }

  private static String printable(byte[] request) {
    StringBuilder sb = new StringBuilder();
    for (byte b : request) {
      int c = b & 0xff;
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return sb.length() > 300 ? sb.substring(0, 300) + "..." : sb.toString();
  }
}
