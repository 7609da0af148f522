package io.prom4j.internal.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The header fields of one request, in the order received, looked up by case-insensitive name.
 * Immutable.
 */
public final class RequestHeaders {

  static final RequestHeaders EMPTY = new RequestHeaders(new String[0]);

  /** Alternating names and values. */
  private final String[] fields;

  private RequestHeaders(String[] fields) {
    this.fields = fields;
  }

  /** Headers from alternating names and values: {@code of("Accept", "text/plain")} (tests). */
  static RequestHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "headers need name/value pairs, got an odd count: " + namesAndValues.length);
    }
    for (String s : namesAndValues) {
      Objects.requireNonNull(s, "header name or value");
    }
    return new RequestHeaders(namesAndValues.clone());
  }

  /** Headers from a list the caller gives up (alternating names and values). */
  static RequestHeaders adopt(List<String> namesAndValues) {
    return namesAndValues.isEmpty()
        ? EMPTY
        : new RequestHeaders(namesAndValues.toArray(new String[0]));
  }

  /** Headers from a multi-valued map such as {@code com.sun.net.httpserver.Headers}. */
  public static RequestHeaders from(Map<String, List<String>> map) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : map.entrySet()) {
      for (String v : e.getValue()) {
        out.add(e.getKey());
        out.add(v);
      }
    }
    return adopt(out);
  }

  /** The number of header fields. */
  int size() {
    return fields.length / 2;
  }

  /** The name of field {@code i}, as received. */
  String name(int i) {
    return fields[2 * i];
  }

  /** The value of field {@code i}, without surrounding whitespace. */
  String value(int i) {
    return fields[2 * i + 1];
  }

  /** The first value of the named field, or null. */
  String first(String name) {
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i].equalsIgnoreCase(name)) {
        return fields[i + 1];
      }
    }
    return null;
  }

  /** How many fields have this name. */
  int count(String name) {
    int n = 0;
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i].equalsIgnoreCase(name)) {
        n++;
      }
    }
    return n;
  }

  /**
   * All values of the named field joined with {@code ", "}, as HTTP combines repeated list fields
   * (two {@code Accept} lines mean one comma-separated list); null if absent.
   */
  public String joined(String name) {
    String result = null;
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i].equalsIgnoreCase(name)) {
        result = result == null ? fields[i + 1] : result + ", " + fields[i + 1];
      }
    }
    return result;
  }

  /** True if some value of the named field contains {@code token} as a list element. */
  boolean hasToken(String name, String token) {
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i].equalsIgnoreCase(name)) {
        for (String element : fields[i + 1].split(",", -1)) {
          if (element.trim().equalsIgnoreCase(token)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
