/**
 * Key material from PEM files, for rtc serve's certificate and the clients' client certificates: a
 * certificate chain and its private key in any form openssl writes ({@link dev.rtc.tls.Pem}), checked
 * against each other and the clock ({@link dev.rtc.tls.KeyMaterial}), as a JSSE key manager; and the
 * certificate of {@code rtc serve --tls self-signed}, kept in the state directory ({@link dev.rtc.tls.SelfSigned}).
 * BouncyCastle reads and writes the PEM and builds the certificate; the keys, signatures and TLS stay the
 * JDK's own (no BouncyCastle provider is registered).
 */
package dev.rtc.tls;
