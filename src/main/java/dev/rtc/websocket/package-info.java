/**
 * The WebSocket client that {@code rtc ws} and {@code rtc peer}'s signalling share (Java-WebSocket underneath):
 * the handshake options and what they ask for ({@link dev.rtc.websocket.HandshakeOptions},
 * {@link dev.rtc.websocket.ConnectOptions}, {@link dev.rtc.websocket.Handshake}), one connection bounded against
 * hostile servers, {@link dev.rtc.websocket.WsClient} (rtc ws's client, runnable from code) and
 * {@link dev.rtc.websocket.TextSocket} (one text connection for another command's protocol).
 */
package dev.rtc.websocket;
