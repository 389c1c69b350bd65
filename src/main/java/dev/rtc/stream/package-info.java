/** {@code rtc stream}: one HTTP response read as it arrives and printed a line (or a chunk) at a time. */
package dev.rtc.stream;
