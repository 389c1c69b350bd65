/** {@code rtc poll}: a GET every interval, printing bodies, with change detection and a cursor. */
package dev.rtc.poll;
