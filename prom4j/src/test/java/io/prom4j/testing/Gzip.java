package io.prom4j.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** Decodes gzip bodies in tests. */
public final class Gzip {

  private Gzip() {}

  /** The UTF-8 text a gzip body decompresses to. */
  public static String gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("not a valid gzip body", e);
    }
  }
}
