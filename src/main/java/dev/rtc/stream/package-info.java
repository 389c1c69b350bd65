/**
 * {@code rtc stream}: one HTTP response read as it arrives, a line (or a chunk) at a time;
 * {@link dev.rtc.stream.StreamClient} is the client, usable from code, and the command adapts it to the printer.
 */
package dev.rtc.stream;
