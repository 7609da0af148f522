package io.prom4j.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A normal client's sequential scrapes in one format, each read to the end: a scrape is complete
 * when it answers 200 with a body (that ends in {@code # EOF} for OpenMetrics); a truncated body
 * fails the request. {@code failures} counts the others by kind ({@code status503=2,
 * HttpTimeoutException=1}), or is {@code -}.
 */
record CompleteScrapes(
    String format,
    int attempted,
    int completed,
    double p50ms,
    double maxMs,
    long bodyBytes,
    String failures) {

  /** Scrapes {@code url} {@code n} times, one after the other; {@code accept} may be null. */
  static CompleteScrapes run(HttpClient http, String url, String format, String accept, int n)
      throws InterruptedException {
    List<Double> times = new ArrayList<>();
    Map<String, Integer> failures = new TreeMap<>();
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
      if (accept != null) {
        b.header("Accept", accept);
      }
      long start = System.nanoTime();
      String failure;
      try {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - start) / 1e6;
        byte[] body = r.body();
        if (r.statusCode() == 200
            && body.length > 0
            && (accept == null || endsWith(body, "# EOF\n"))) {
          times.add(ms);
          bytes = body.length;
          continue;
        }
        failure = r.statusCode() == 200 ? "incomplete" : "status" + r.statusCode();
      } catch (IOException e) {
        failure = e.getClass().getSimpleName();
      }
      failures.merge(failure, 1, Integer::sum);
      System.out.printf(
          "%s scrape %d: %s after %.0f ms%n",
          format, i, failure, (System.nanoTime() - start) / 1e6);
    }
    double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
    StringBuilder f = new StringBuilder();
    failures.forEach(
        (k, v) -> f.append(f.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return new CompleteScrapes(
        format,
        n,
        t.length,
        Results.median(t),
        times.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
        bytes,
        f.length() == 0 ? "-" : f.toString());
  }

  private static boolean endsWith(byte[] body, String suffix) {
    byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
    if (body.length < s.length) {
      return false;
    }
    for (int i = 0; i < s.length; i++) {
      if (body[body.length - s.length + i] != s[i]) {
        return false;
      }
    }
    return true;
  }
}
