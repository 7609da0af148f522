package io.prom4j.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTest {

  private static Request with(String... headers) {
    return new Request("POST", "/", null, RequestHeaders.of(headers));
  }

  @Test
  void hasBody_followsContentLengthAndTransferEncoding() {
    assertThat(with().hasBody()).isFalse();
    assertThat(with("Content-Length", "0").hasBody()).isFalse();
    assertThat(with("Content-Length", "000").hasBody()).isFalse();
    assertThat(with("Content-Length", "12").hasBody()).isTrue();
    assertThat(with("Transfer-Encoding", "chunked").hasBody()).isTrue();
    assertThat(with("Transfer-Encoding", "identity", "Content-Length", "0").hasBody()).isTrue();
  }
}
