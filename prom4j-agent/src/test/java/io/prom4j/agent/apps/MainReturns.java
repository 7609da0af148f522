package io.prom4j.agent.apps;

/** A child-JVM application whose {@code main} prints one line and returns at once. */
public final class MainReturns {

  private MainReturns() {}

  public static void main(String[] args) {
    System.out.println("main ran");
  }
}
