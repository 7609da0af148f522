package io.prom4j.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** GET requests to a child JVM's agent. */
final class Scrapes {

  private Scrapes() {}

  /** The response to {@code GET http://127.0.0.1:<port>/metrics}. */
  static HttpResponse<String> http(int port) throws IOException, InterruptedException {
    return get(HttpClient.newBuilder(), "http://127.0.0.1:" + port + "/metrics");
  }

  /** The response to {@code GET url}. */
  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return get(HttpClient.newBuilder(), url);
  }

  /** The response to {@code GET https://127.0.0.1:<port>/metrics} with the given client context. */
  static HttpResponse<String> https(int port, SSLContext client)
      throws IOException, InterruptedException {
    return get(
        HttpClient.newBuilder().sslContext(client), "https://127.0.0.1:" + port + "/metrics");
  }

  private static HttpResponse<String> get(HttpClient.Builder builder, String url)
      throws IOException, InterruptedException {
    HttpClient client = builder.connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
