package io.prom4j.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One {@code scrape_configs} entry of the generated Prometheus configuration: a job scraping one
 * target on 127.0.0.1.
 *
 * @param name the job name (the {@code job} label of every stored series)
 * @param port the target's port on 127.0.0.1
 * @param protocols {@code scrape_protocols}, or empty for Prometheus' default list
 * @param caFile for HTTPS: {@code tls_config.ca_file}; null for plain HTTP
 * @param certFile for mutual TLS: {@code tls_config.cert_file}, else null
 * @param keyFile for mutual TLS: {@code tls_config.key_file}, else null
 */
record ScrapeJob(
    String name,
    int port,
    List<String> protocols,
    Path caFile,
    Path certFile,
    Path keyFile,
    boolean alwaysScrapeClassicHistograms) {

  ScrapeJob {
    Objects.requireNonNull(name, "name");
    protocols = List.copyOf(protocols);
  }

  ScrapeJob(
      String name, int port, List<String> protocols, Path caFile, Path certFile, Path keyFile) {
    this(name, port, protocols, caFile, certFile, keyFile, false);
  }

  /** This job with {@code always_scrape_classic_histograms: true} (Prometheus 3). */
  ScrapeJob withClassicHistograms() {
    return new ScrapeJob(name, port, protocols, caFile, certFile, keyFile, true);
  }

  /** A plain-HTTP job with the default scrape protocols. */
  static ScrapeJob http(String name, int port) {
    return new ScrapeJob(name, port, List.of(), null, null, null);
  }

  /** An HTTPS job that trusts {@code caFile} and verifies the name {@code localhost}. */
  static ScrapeJob https(String name, int port, Path caFile) {
    return new ScrapeJob(name, port, List.of(), caFile, null, null);
  }

  /** This job with {@code scrape_protocols} set, for example {@code OpenMetricsText1.0.0}. */
  ScrapeJob protocols(String... names) {
    return new ScrapeJob(
        name, port, List.of(names), caFile, certFile, keyFile, alwaysScrapeClassicHistograms);
  }

  /** This HTTPS job presenting a client certificate (mutual TLS). */
  ScrapeJob clientCertificate(Path cert, Path key) {
    if (caFile == null) {
      throw new IllegalStateException("a client certificate needs an HTTPS job: " + name);
    }
    return new ScrapeJob(name, port, protocols, caFile, cert, key, alwaysScrapeClassicHistograms);
  }

  /** The {@code host:port} Prometheus scrapes. */
  String target() {
    return "127.0.0.1:" + port;
  }

  /** The job as a YAML list item, indented for {@code scrape_configs}. */
  String toYaml() {
    StringBuilder y = new StringBuilder();
    y.append("  - job_name: ").append(quote(name)).append('\n');
    if (!protocols.isEmpty()) {
      y.append("    scrape_protocols: [")
          .append(String.join(", ", protocols.stream().map(ScrapeJob::quote).toList()))
          .append("]\n");
    }
    if (alwaysScrapeClassicHistograms) {
      y.append("    always_scrape_classic_histograms: true\n");
    }
    if (caFile != null) {
      y.append("    scheme: https\n");
      y.append("    tls_config:\n");
      y.append("      ca_file: ").append(quote(caFile.toString())).append('\n');
      // the target is an IP address; verify the certificate's DNS name instead
      y.append("      server_name: localhost\n");
      if (certFile != null) {
        y.append("      cert_file: ").append(quote(certFile.toString())).append('\n');
        y.append("      key_file: ").append(quote(keyFile.toString())).append('\n');
      }
    }
    y.append("    static_configs:\n");
    y.append("      - targets: [").append(quote(target())).append("]\n");
    return y.toString();
  }

  /** A YAML single-quoted scalar: only the quote itself needs escaping (doubled). */
  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
