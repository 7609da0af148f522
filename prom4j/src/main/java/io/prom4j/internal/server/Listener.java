package io.prom4j.internal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;

/**
 * Resolves the configured address and opens the listening socket, as the Python client does: the
 * first address the resolver returns decides the family; an IPv4 address listens on IPv4 only (a
 * plain {@code java.net.ServerSocket} bound to {@code 0.0.0.0} would also take IPv6 connections);
 * {@code ::} listens on IPv6 and, through IPv4-mapped addresses, IPv4 (the JDK opens IPv6 sockets
 * dual-stack). {@code SO_REUSEADDR} is on, so a restart right after a close binds the same port.
 */
public final class Listener {

  /** Completed connections the kernel queues before the accept loop takes them. */
  static final int BACKLOG = 256;

  private Listener() {}

  /**
   * Resolves {@code address} to its first address.
   *
   * @throws IllegalArgumentException if it cannot be resolved
   */
  public static InetAddress resolve(String address) {
    try {
      return InetAddress.getAllByName(address)[0];
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address cannot be resolved: " + address, e);
    }
  }

  /**
   * A bound, listening channel in blocking mode.
   *
   * @throws UncheckedIOException naming the address and port if binding fails (with the {@link
   *     java.net.BindException} as cause when the port is in use)
   * @throws IllegalArgumentException if the address's family is not available
   */
  public static ServerSocketChannel open(InetAddress address, int port) {
    ProtocolFamily family =
        address instanceof Inet4Address
            ? StandardProtocolFamily.INET
            : StandardProtocolFamily.INET6;
    ServerSocketChannel channel;
    try {
      channel = ServerSocketChannel.open(family);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          "address " + address.getHostAddress() + " needs " + family + ", unavailable here", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a socket for " + format(address, port), e);
    }
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(address, port), BACKLOG);
      return channel;
    } catch (IOException e) {
      Connection.closeQuietly(channel);
      throw new UncheckedIOException(
          "cannot listen on " + format(address, port) + ": " + e.getMessage(), e);
    }
  }

  /** {@code 127.0.0.1:8000}, {@code [::]:8000}. */
  public static String format(InetAddress address, int port) {
    String host = address.getHostAddress();
    return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
  }
}
