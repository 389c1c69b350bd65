/**
 * {@code rtc poll}: a GET every interval, with change detection, a cursor and {@code --each};
 * {@link dev.rtc.poll.PollClient} is the client, usable from code, and the command adapts it to the printer.
 */
package dev.rtc.poll;
