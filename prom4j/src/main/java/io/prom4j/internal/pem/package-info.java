/**
 * PEM certificates and private keys (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1) with the JDK alone:
 * the DER subset those formats need, and error messages that name the file, its role and the
 * setting. Used by the server's TLS and by the Pushgateway client. Not exported by the module.
 */
package io.prom4j.internal.pem;
