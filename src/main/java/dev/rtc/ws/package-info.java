/**
 * {@code rtc ws}: the command, which adapts {@link dev.rtc.websocket.WsClient} to the printer, its pipe mode
 * and interactive mode (JLine, loaded only at a terminal), and {@code -l}, which listens through rtc serve's
 * engine as its {@link dev.rtc.serve.WebSocketHandler}.
 */
package dev.rtc.ws;
