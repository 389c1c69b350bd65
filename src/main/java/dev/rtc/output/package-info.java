/** The printer (text lines or NDJSON records), JSON writing, timestamps and the text-or-binary decision. */
package dev.rtc.output;
