/**
 * {@code rtc sse}: the command, the event-stream parser of the HTML standard, and the EventSource loop
 * that reconnects with {@code Last-Event-ID}.
 */
package dev.rtc.sse;
