/** The printer (text lines or NDJSON records), timestamps and the text-or-binary decision. */
package dev.rtc.output;
