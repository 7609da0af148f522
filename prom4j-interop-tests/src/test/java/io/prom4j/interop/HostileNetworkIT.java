package io.prom4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in server against a hostile network, in a child JVM (its own file descriptors, threads
 * and heap; this JVM holds the attackers' sockets): connections that do nothing, a connect flood,
 * and clients that never read a large answer. Scrapes must keep getting complete 200 answers.
 */
class HostileNetworkIT {

  private final List<Socket> attackers = new ArrayList<>();
  private ChildServer child;

  @AfterEach
  void stop() throws Exception {
    for (Socket s : attackers) {
      s.close();
    }
    if (child != null) {
      child.close();
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(20))
          .build();

  /** A complete scrape (a truncated body fails the request); returns the decoded text. */
  private static String scrape(int port, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(60))
            .header("X-Prometheus-Scrape-Timeout-Seconds", "30");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("status").isEqualTo(200);
    byte[] body = r.body();
    if ("gzip".equals(r.headers().firstValue("Content-Encoding").orElse(""))) {
      body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private Socket connect(int port, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.connect(new InetSocketAddress("127.0.0.1", port), 20_000);
    attackers.add(s);
    return s;
  }

  @Test
  void idleAndHalfSentConnections_10000Held_scrapesKeepGettingComplete200s() throws Exception {
    child = ChildServer.start(1000);
    int port = child.port();
    AtomicBoolean attacking = new AtomicBoolean(true);
    AtomicInteger scrapes = new AtomicInteger();
    ExecutorService scraper = Executors.newSingleThreadExecutor();
    Future<?> scraping =
        scraper.submit(
            () -> {
              while (attacking.get() || scrapes.get() < 20) {
                String text = scrape(port);
                assertThat(text).contains("probe 1.0").contains("big{series=\"999\"} 999.0");
                scrapes.incrementAndGet();
              }
              return null;
            });
    try {
      byte[] halfHead =
          "GET /metrics HTTP/1.1\r\nHost: a\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 5000; i++) {
        connect(port, 0); // idle: connects and says nothing
        OutputStream out = connect(port, 0).getOutputStream();
        out.write(halfHead); // half-sent: a head that never ends
        out.flush();
      }
      int threads = Integer.parseInt(child.status("Threads"));
      assertThat(threads).as("the child's threads").isLessThan(4096 + 100);
      attacking.set(false);
      scraping.get(5, TimeUnit.MINUTES);
      assertThat(scrapes.get()).isGreaterThanOrEqualTo(20);
      assertThat(child.alive()).isTrue();
    } finally {
      attacking.set(false);
      scraper.shutdownNow();
    }
  }

  @Test
  void connectFlood_whileScraping_everyScrapeCompletes() throws Exception {
    child = ChildServer.start(1000);
    int port = child.port();
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicInteger floods = new AtomicInteger();
    ExecutorService flood = Executors.newFixedThreadPool(2);
    List<Future<?>> flooders = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      flooders.add(
          flood.submit(
              () -> {
                while (flooding.get()) {
                  try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 20_000);
                    floods.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    try {
      for (int i = 0; i < 50; i++) {
        assertThat(scrape(port)).contains("big{series=\"999\"} 999.0");
      }
    } finally {
      flooding.set(false);
      flood.shutdown();
    }
    for (Future<?> f : flooders) {
      f.get(1, TimeUnit.MINUTES);
    }
    assertThat(floods.get()).isGreaterThan(100);
    assertThat(child.alive()).isTrue();
  }

  @Test
  void twentyClientsThatNeverRead_largeRegistry_smallHeap_noOutOfMemory_normalClientServed()
      throws Exception {
    int series = 200_000; // about 5 MB of text, 6 MB of OpenMetrics
    child = ChildServer.start(series, "-Xmx160m");
    int port = child.port();
    String[] accepts = {
      "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET /metrics HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n",
      "GET /metrics HTTP/1.1\r\nHost: a\r\nAccept: application/openmetrics-text; version=1.0.0\r\n\r\n",
    };
    for (int i = 0; i < 20; i++) {
      OutputStream out = connect(port, 4096).getOutputStream();
      out.write(accepts[i % 3].getBytes(StandardCharsets.US_ASCII));
      out.flush(); // and never read a byte
    }

    String last = "big{series=\"" + (series - 1) + "\"} " + (series - 1) + ".0";
    String text = Eventually.get(Duration.ofMinutes(3), () -> scrape(port));
    assertThat(text).contains(last);
    assertThat(scrape(port, "Accept-Encoding", "gzip")).contains(last);
    assertThat(scrape(port, "Accept", "application/openmetrics-text; version=1.0.0"))
        .contains(last)
        .endsWith("# EOF\n");
    assertThat(child.alive()).isTrue();
    assertThat(child.log()).doesNotContain("OutOfMemoryError");
  }
}
