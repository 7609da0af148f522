package io.prom4j.demo;

/**
 * The prom4j demo: serves the default registry plus a simulated workload on port 8000.
 *
 * <p>SKELETON: the server arrives with the HTTP work.
 */
public final class Demo {
  private Demo() {}

  /** Entry point. */
  public static void main(String[] args) {
    System.err.println("prom4j demo: the HTTP server is not built yet");
  }
}
