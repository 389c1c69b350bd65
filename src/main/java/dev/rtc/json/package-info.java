/**
 * JSON, written and read: {@link dev.rtc.json.Json}, the one writer of every JSON body and NDJSON record
 * rtc makes, and {@link dev.rtc.json.JsonReader}, the small parser the clients use for cursors, server
 * reasons and signalling messages. It depends on nothing else of rtc's.
 */
package dev.rtc.json;
