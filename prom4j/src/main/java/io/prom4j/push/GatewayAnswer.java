package io.prom4j.push;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads the body of a Pushgateway answer into the message an exception shows: the first {@link
 * #LIMIT} bytes are kept (enough for the gateway's one-line error messages, and a bound on what a
 * misbehaving proxy in between can make us hold); the rest is read and dropped.
 */
final class GatewayAnswer implements HttpResponse.BodySubscriber<String> {

  /** Bytes of the body kept. */
  static final int LIMIT = 4096;

  /** Characters of the message shown in an exception. */
  static final int MESSAGE_LIMIT = 1000;

  private final CompletableFuture<String> result = new CompletableFuture<>();
  private final byte[] kept = new byte[LIMIT];
  private int size;
  private boolean truncated;

  private GatewayAnswer() {}

  /** A body handler that gives every answer its own subscriber. */
  static HttpResponse.BodyHandler<String> handler() {
    return info -> new GatewayAnswer();
  }

  @Override
  public CompletionStage<String> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer b : buffers) {
      int n = Math.min(b.remaining(), LIMIT - size);
      b.get(kept, size, n);
      size += n;
      if (b.hasRemaining()) {
        truncated = true;
        b.position(b.limit());
      }
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(message(new String(kept, 0, size, StandardCharsets.UTF_8), truncated));
  }

  /**
   * The message: trimmed, line breaks and other control characters as spaces, cut at {@link
   * #MESSAGE_LIMIT} characters with {@code ...}; {@code (empty body)} if nothing is left.
   */
  static String message(String body, boolean truncated) {
    String text = body.strip();
    if (text.isEmpty()) {
      return "(empty body)";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MESSAGE_LIMIT) + 3);
    for (int i = 0; i < text.length() && sb.length() < MESSAGE_LIMIT; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (truncated || sb.length() < text.length()) {
      sb.append("...");
    }
    return sb.toString();
  }
}
