/**
 * {@code rtc sse}: the command, the event-stream parser of the HTML standard, and the EventSource loop
 * that reconnects with {@code Last-Event-ID} ({@link dev.rtc.sse.SseClient}, usable from code).
 */
package dev.rtc.sse;
