/**
 * {@code rtc longpoll}: requests in a loop, each waiting for the server's answer, with backoff on failures;
 * {@link dev.rtc.longpoll.LongPollClient} is the client, usable from code, and the command adapts it to the printer.
 */
package dev.rtc.longpoll;
