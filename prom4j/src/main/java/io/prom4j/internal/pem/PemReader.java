package io.prom4j.internal.pem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a PEM file into its blocks ({@code -----BEGIN TYPE-----} ... {@code -----END TYPE-----}).
 *
 * <p>Text outside blocks is ignored, as OpenSSL does (the output of {@code openssl x509 -text},
 * {@code Bag Attributes} from a PKCS#12 export). RFC 1421 headers inside a block ({@code
 * Proc-Type}, {@code DEK-Info}) are kept so that the key loader can recognise legacy encryption and
 * say so.
 */
public final class PemReader {

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private PemReader() {}

  /** One PEM block: its type (the word after BEGIN), its headers and its decoded bytes. */
  record Block(String type, Map<String, String> headers, byte[] der) {}

  /**
   * Parses every block of a file.
   *
   * @throws PemException for a block without END line, with a mismatched END line or with invalid
   *     base64; a file without any block (binary DER included) gives an empty list
   */
  static List<Block> parse(byte[] file) throws PemException {
    // PEM is ASCII; ISO-8859-1 maps every byte to one char, so stray bytes in comments are
    // harmless.
    String text = new String(file, StandardCharsets.ISO_8859_1);
    List<Block> blocks = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String type = typeOf(lines[i].strip(), BEGIN);
      if (type == null) {
        continue;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      StringBuilder base64 = new StringBuilder();
      boolean ended = false;
      for (i++; i < lines.length; i++) {
        String line = lines[i].strip();
        String endType = typeOf(line, END);
        if (endType != null) {
          if (!endType.equals(type)) {
            throw new PemException(
                "PEM block '" + type + "' is closed by an END line for '" + endType + "'");
          }
          ended = true;
          break;
        }
        if (line.startsWith(BEGIN)) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon > 0 && base64.length() == 0) {
          headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        } else {
          base64.append(line);
        }
      }
      if (!ended) {
        throw new PemException(
            "PEM block '"
                + type
                + "' has no '-----END "
                + type
                + "-----' line"
                + " (truncated file?)");
      }
      try {
        blocks.add(
            new Block(type, Map.copyOf(headers), Base64.getDecoder().decode(base64.toString())));
      } catch (IllegalArgumentException e) {
        throw new PemException("PEM block '" + type + "' has invalid base64 content", e);
      }
    }
    return blocks;
  }

  /** The type of a BEGIN or END line, or null if the line is not one. */
  private static String typeOf(String line, String prefix) {
    if (!line.startsWith(prefix)
        || !line.endsWith(DASHES)
        || line.length() < prefix.length() + DASHES.length()) {
      return null;
    }
    return line.substring(prefix.length(), line.length() - DASHES.length());
  }

  /**
   * What a file holds instead of the expected block, for messages: {@code found only 'CERTIFICATE',
   * 'PRIVATE KEY'}, or a hint that the file is binary DER.
   */
  static String describe(List<Block> blocks, byte[] file) {
    if (blocks.isEmpty()) {
      return file.length > 0 && file[0] == 0x30
          ? "the file is binary DER, not PEM (convert it with 'openssl x509 -outform PEM'"
              + " or 'openssl pkey -outform PEM')"
          : file.length == 0 ? "the file is empty" : "the file contains no PEM block";
    }
    Set<String> types = new LinkedHashSet<>();
    for (Block block : blocks) {
      types.add("'" + block.type() + "'");
    }
    return "found only " + String.join(", ", types);
  }
}
