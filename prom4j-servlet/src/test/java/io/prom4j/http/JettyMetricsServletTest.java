package io.prom4j.http;

import io.prom4j.servlet.MetricsServlet;
import jakarta.servlet.Servlet;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** {@link MetricsServlet} in an embedded Jetty 12 (ee10, Servlet 6.0). */
class JettyMetricsServletTest extends ServletContainerContract {

  @Override
  Container container(String contextPath, String mapping, Servlet servlet) throws IOException {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context =
        new ServletContextHandler(contextPath.isEmpty() ? "/" : contextPath);
    context.addServlet(new ServletHolder(servlet), mapping);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IOException("Jetty did not start", e);
    }
    return new Container() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public void close() {
        try {
          server.stop();
        } catch (Exception e) {
          throw new IllegalStateException("Jetty did not stop", e);
        }
      }
    };
  }
}
