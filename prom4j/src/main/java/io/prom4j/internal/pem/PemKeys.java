package io.prom4j.internal.pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads a private key from PEM blocks: PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code
 * ENCRYPTED PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}), for
 * RSA, EC (named curves), Ed25519 and Ed448 keys.
 *
 * <p>PKCS#1 and SEC1 keys are wrapped into PKCS#8 here, so that the JDK's {@link KeyFactory} does
 * the actual decoding; the algorithm comes from the PKCS#8 AlgorithmIdentifier, never from
 * guessing.
 */
public final class PemKeys {

  static final String PKCS8 = "PRIVATE KEY";
  static final String ENCRYPTED_PKCS8 = "ENCRYPTED PRIVATE KEY";
  static final String PKCS1 = "RSA PRIVATE KEY";
  static final String SEC1 = "EC PRIVATE KEY";
  private static final String EC_PARAMETERS = "EC PARAMETERS";
  private static final List<String> KEY_TYPES = List.of(PKCS8, ENCRYPTED_PKCS8, PKCS1, SEC1);

  private static final String RSA_OID = "1.2.840.113549.1.1.1";
  private static final String EC_OID = "1.2.840.10045.2.1";

  /** PKCS#8 algorithm OIDs we accept, to the JDK KeyFactory name. */
  private static final Map<String, String> SUPPORTED =
      Map.of(RSA_OID, "RSA", EC_OID, "EC", "1.3.101.112", "Ed25519", "1.3.101.113", "Ed448");

  /** Algorithms we recognise but do not serve, to name them in the message. */
  private static final Map<String, String> UNSUPPORTED =
      Map.of(
          "1.2.840.10040.4.1", "DSA",
          "1.2.840.113549.1.1.10", "RSASSA-PSS",
          "1.3.101.110", "X25519",
          "1.3.101.111", "X448",
          "1.2.840.10046.2.1", "DH");

  private static final String SUPPORTED_ENCRYPTION =
      "supported is PBES2 with PBKDF2 and AES," + " what 'openssl pkcs8 -topk8' writes by default";

  private static final byte[] TEST_MESSAGE =
      "prom4j: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

  private PemKeys() {}

  /**
   * Reads the first private key of a PEM file.
   *
   * @param file the file's bytes
   * @param password the password of an encrypted key, or null
   * @throws PemException when there is no key block, the key type is unsupported, the key is
   *     encrypted and the password is missing or wrong, or the encoding is malformed
   */
  public static PrivateKey read(byte[] file, char[] password) throws PemException {
    List<PemReader.Block> blocks = PemReader.parse(file);
    PemReader.Block key = null;
    PemReader.Block ecParameters = null;
    for (PemReader.Block block : blocks) {
      if (key == null && KEY_TYPES.contains(block.type())) {
        key = block;
      } else if (ecParameters == null && EC_PARAMETERS.equals(block.type())) {
        ecParameters = block;
      }
    }
    if (key == null) {
      throw new PemException(
          "no PEM private key block ('"
              + PKCS8
              + "', '"
              + ENCRYPTED_PKCS8
              + "', '"
              + PKCS1
              + "' or '"
              + SEC1
              + "'); "
              + PemReader.describe(blocks, file));
    }
    String procType = key.headers().get("Proc-Type");
    if (procType != null && procType.contains("ENCRYPTED")) {
      throw new PemException(
          "legacy OpenSSL PEM encryption ('Proc-Type: "
              + procType
              + "' in '"
              + key.type()
              + "') is not supported; convert the key to encrypted PKCS#8"
              + " with 'openssl pkcs8 -topk8 -in old.key -out new.key'");
    }
    switch (key.type()) {
      case PKCS1:
        return fromPkcs8(wrap(RSA_OID, PemDer.encode(PemDer.NULL), key.der()));
      case SEC1:
        return fromPkcs8(wrap(EC_OID, curveOf(key.der(), ecParameters), key.der()));
      case ENCRYPTED_PKCS8:
        return fromPkcs8(decrypt(key.der(), password));
      default:
        return fromPkcs8(key.der());
    }
  }

  /**
   * Whether {@code key} is the private half of {@code publicKey}: signs a test message and verifies
   * it, which works the same for every algorithm.
   */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm = signatureAlgorithm(key.getAlgorithm());
    if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(TEST_MESSAGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(TEST_MESSAGE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // Incompatible parameters (for example EC keys on different curves) also mean "no match".
      return false;
    }
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    switch (keyAlgorithm) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
        return "SHA256withECDSA";
      case "EdDSA":
      case "Ed25519":
      case "Ed448":
        return "EdDSA";
      default:
        return null;
    }
  }

  private static PrivateKey fromPkcs8(byte[] der) throws PemException {
    PemDer.Reader info =
        PemDer.Reader.of(der).next().expect(PemDer.SEQUENCE, "SEQUENCE").children();
    info.next().integer();
    PemDer.Reader algorithmId = info.next().expect(PemDer.SEQUENCE, "SEQUENCE").children();
    String oid = algorithmId.next().oid();
    String algorithm = SUPPORTED.get(oid);
    if (algorithm == null) {
      String name = UNSUPPORTED.get(oid);
      throw new PemException(
          "unsupported key type "
              + (name == null ? "with OID " + oid : name + " (OID " + oid + ")")
              + "; supported are RSA, EC, Ed25519 and Ed448");
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      String detail = algorithm;
      if (EC_OID.equals(oid) && algorithmId.hasMore()) {
        PemDer.Element parameters = algorithmId.next();
        if (parameters.tag() == PemDer.OID) {
          detail += " (curve OID " + parameters.oid() + ")";
        }
      }
      throw new PemException("cannot decode the " + detail + " private key: " + e.getMessage(), e);
    }
  }

  /** Builds a PKCS#8 PrivateKeyInfo around a PKCS#1 or SEC1 key. */
  private static byte[] wrap(String algorithmOid, byte[] parameters, byte[] privateKey) {
    return PemDer.encode(
        PemDer.SEQUENCE,
        PemDer.encode(PemDer.INTEGER, new byte[] {0}),
        PemDer.encode(PemDer.SEQUENCE, PemDer.encodeOid(algorithmOid), parameters),
        PemDer.encode(PemDer.OCTET_STRING, privateKey));
  }

  /**
   * The named-curve OID (encoded) of a SEC1 key: from its own {@code [0]} parameters, else from an
   * {@code EC PARAMETERS} block in the same file (as {@code openssl ecparam -genkey} writes).
   */
  private static byte[] curveOf(byte[] sec1, PemReader.Block ecParameters) throws PemException {
    PemDer.Reader key =
        PemDer.Reader.of(sec1).next().expect(PemDer.SEQUENCE, "SEQUENCE").children();
    key.next().integer();
    key.next().expect(PemDer.OCTET_STRING, "OCTET STRING");
    PemDer.Element curve = null;
    while (key.hasMore()) {
      PemDer.Element element = key.next();
      if (element.tag() == PemDer.CONTEXT_0) {
        curve = element.children().next();
      }
    }
    if (curve == null && ecParameters != null) {
      curve = PemDer.Reader.of(ecParameters.der()).next();
    }
    if (curve == null) {
      throw new PemException(
          "the '"
              + SEC1
              + "' key names no curve (no parameters and no '"
              + EC_PARAMETERS
              + "' block); convert it to PKCS#8 with 'openssl pkcs8 -topk8 -nocrypt'");
    }
    if (curve.tag() != PemDer.OID) {
      throw new PemException(
          "the '"
              + SEC1
              + "' key uses explicit curve parameters; only named"
              + " curves are supported (re-encode with 'openssl ec -param_enc named_curve')");
    }
    return PemDer.encodeOid(curve.oid());
  }

  private static byte[] decrypt(byte[] der, char[] password) throws PemException {
    if (password == null) {
      throw new PemException(
          "the key is encrypted ('" + ENCRYPTED_PKCS8 + "') but no keyPassword is set");
    }
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (IOException e) {
      throw new PemException(
          "unsupported or malformed key encryption ("
              + e.getMessage()
              + "); "
              + SUPPORTED_ENCRYPTION,
          e);
    }
    String scheme = info.getAlgName();
    AlgorithmParameters parameters = info.getAlgParameters();
    // For PBES2 the JDK names the concrete cipher only through the parameters' toString(),
    // for example "PBEWithHmacSHA256AndAES_256"; PBES1 schemes are named by the OID itself.
    String cipherName =
        parameters != null
                && ("PBES2".equalsIgnoreCase(scheme) || "1.2.840.113549.1.5.13".equals(scheme))
            ? parameters.toString()
            : scheme;
    PBEKeySpec keySpec = new PBEKeySpec(password);
    try {
      SecretKeyFactory factory = SecretKeyFactory.getInstance(cipherName);
      Cipher cipher = Cipher.getInstance(cipherName);
      cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(keySpec), parameters);
      return info.getKeySpec(cipher).getEncoded();
    } catch (InvalidKeySpecException e) {
      throw new PemException(
          "cannot decrypt the key with the given keyPassword" + " (wrong password or corrupt file)",
          e);
    } catch (GeneralSecurityException e) {
      throw new PemException(
          "unsupported key encryption "
              + cipherName
              + " ("
              + e.getMessage()
              + "); "
              + SUPPORTED_ENCRYPTION,
          e);
    } finally {
      keySpec.clearPassword();
    }
  }
}
