/**
 * {@code rtc ws}: the WebSocket client (Java-WebSocket underneath), its pipe mode and interactive mode
 * (JLine, loaded only at a terminal), and {@code -l}, which listens through rtc serve's engine.
 */
package dev.rtc.ws;
