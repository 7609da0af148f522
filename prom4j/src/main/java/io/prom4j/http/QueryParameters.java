package io.prom4j.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the {@code name[]} filter from a query string, as the Python client's {@code parse_qs} does
 * ({@code &}-separated, {@code +} is a space, {@code name%5B%5D} works, values repeat, empty values
 * are dropped), but strictly: a malformed percent-escape or bytes that are not UTF-8 are an error
 * (the Python client passes them through).
 */
final class QueryParameters {

  static final String NAME_FILTER = "name[]";

  private QueryParameters() {}

  /**
   * The {@code name[]} values of a raw query, in order of appearance; empty (no filter) for a null
   * or empty query.
   *
   * @throws IllegalArgumentException naming the problem, without echoing the query
   */
  static Set<String> nameFilter(String query) {
    if (query == null || query.isEmpty()) {
      return Set.of();
    }
    Set<String> names = null;
    int from = 0;
    while (from <= query.length()) {
      int amp = query.indexOf('&', from);
      int to = amp < 0 ? query.length() : amp;
      int eq = indexOf(query, '=', from, to); // within this pair only: linear in the query
      if (eq < 0) {
        decode(query, from, to); // validate the key even without a value
      } else if (decode(query, from, eq).equals(NAME_FILTER)) {
        String value = decode(query, eq + 1, to);
        if (!value.isEmpty()) {
          if (names == null) {
            names = new LinkedHashSet<>();
          }
          names.add(value);
        }
      } else {
        decode(query, eq + 1, to);
      }
      from = to + 1;
    }
    return names == null ? Set.of() : Collections.unmodifiableSet(names);
  }

  /** The first {@code c} in {@code s[from, to)}, or -1. */
  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** Percent-decodes {@code s[from, to)} as UTF-8, with {@code +} as space. */
  static String decode(String s, int from, int to) {
    boolean plain = true;
    for (int i = from; i < to && plain; i++) {
      char c = s.charAt(i);
      plain = c != '%' && c != '+' && c < 0x80;
    }
    if (plain) {
      return s.substring(from, to);
    }
    ByteBuffer bytes = ByteBuffer.allocate((to - from) * 4);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.put((byte) ' ');
      } else if (c == '%') {
        int hi = i + 1 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < to ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad percent-escape at offset " + i);
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else { // only from front ends that pass raw non-ASCII through
        int cp = s.codePointAt(i);
        bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    bytes.flip();
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = utf8.decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent-escapes that are not UTF-8");
    }
  }
}
