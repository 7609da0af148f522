package io.prom4j.servlet;

import io.prom4j.CollectorRegistry;
import io.prom4j.http.MetricsServer;
import io.prom4j.http.ScrapeHandler;
import io.prom4j.http.ScrapeRequest;
import io.prom4j.http.ScrapeResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Enumeration;
import java.util.Objects;

/**
 * Serves a registry's metrics from any Jakarta Servlet 5+ container (Tomcat 10+, Jetty 11+,
 * Undertow, Spring Boot 3) with the same answers as {@link MetricsServer}: every request, whatever
 * its method, goes to one {@link ScrapeHandler}, so the routing table ({@code GET} metrics, {@code
 * OPTIONS} the {@code Allow} header, {@code GET /favicon.ico} an empty 200, any other method a
 * 405), content negotiation, gzip and the {@code name[]} filter are exactly the server's, within
 * whatever path the servlet is mapped to.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics/*");   // Jetty
 * new ServletRegistrationBean<>(new MetricsServlet(), "/metrics");                    // Spring Boot
 * }</pre>
 *
 * <p>The path the handler sees is the part below the mapping: the path info under a {@code
 * /metrics/*} or {@code /*} mapping (so {@code /metrics/favicon.ico} is the favicon), the servlet
 * path under an exact or default ({@code /}) mapping. The body streams into the container's
 * response buffer; a response that fits it is sent with a {@code Content-Length}, a larger one
 * chunked. The container decides the rest: Tomcat answers {@code TRACE} itself unless the
 * connector's {@code allowTrace} is on, and rewrites every {@code Content-Type} it is given into
 * its own spelling ({@code text/plain;version=0.0.4;charset=utf-8}, charset last), the same media
 * type and parameters.
 */
public class MetricsServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Not serialized: containers never serialize servlets, and a handler is not serializable. */
  private final transient ScrapeHandler handler;

  /** Serves {@link CollectorRegistry#defaultRegistry()}, with gzip; for {@code web.xml}. */
  public MetricsServlet() {
    this(CollectorRegistry.defaultRegistry());
  }

  /**
   * Serves {@code registry}, with gzip for clients that accept it.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public MetricsServlet(CollectorRegistry registry) {
    this(new ScrapeHandler(registry));
  }

  /**
   * Serves {@code registry}, with gzip for clients that accept it only if {@code compression}.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public MetricsServlet(CollectorRegistry registry, boolean compression) {
    this(ScrapeHandler.builder().registry(registry).compression(compression).build());
  }

  /**
   * Serves whatever {@code handler} answers (a custom source, say).
   *
   * @throws NullPointerException if {@code handler} is null
   */
  public MetricsServlet(ScrapeHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /** Every method goes to the handler, which answers those it does not serve with a 405. */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    handler.handle(new Request(request), new Response(response));
  }

  private static final class Request implements ScrapeRequest {
    private final HttpServletRequest request;

    Request(HttpServletRequest request) {
      this.request = request;
    }

    @Override
    public String method() {
      return request.getMethod();
    }

    /**
     * The path below the mapping. The container hands it over decoded, so a {@code %} is encoded
     * again: the handler's percent-decoding then gives back exactly the decoded path.
     */
    @Override
    public String path() {
      String path =
          request.getPathInfo() != null ? request.getPathInfo() : request.getServletPath();
      return path.isEmpty() ? "/" : path.replace("%", "%25");
    }

    @Override
    public String query() {
      return request.getQueryString();
    }

    @Override
    public String header(String name) {
      Enumeration<String> values = request.getHeaders(name);
      if (values == null || !values.hasMoreElements()) {
        return null;
      }
      String first = values.nextElement();
      if (!values.hasMoreElements()) {
        return first;
      }
      StringBuilder joined = new StringBuilder(first);
      while (values.hasMoreElements()) {
        joined.append(", ").append(values.nextElement());
      }
      return joined.toString();
    }
  }

  private static final class Response implements ScrapeResponse {
    private final HttpServletResponse response;

    Response(HttpServletResponse response) {
      this.response = response;
    }

    @Override
    public void header(String name, String value) {
      response.addHeader(name, value);
    }

    @Override
    public OutputStream body(int status) throws IOException {
      response.setStatus(status);
      return response.getOutputStream();
    }

    @Override
    public boolean reset() {
      if (response.isCommitted()) {
        return false;
      }
      response.reset();
      return true;
    }
  }
}
