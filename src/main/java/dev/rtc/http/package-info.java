/**
 * The HTTP client side every HTTP technique shares: one OkHttp client per run built from the request
 * options, verbose header logging, one-line descriptions of network failures, and the JSON cursor
 * carried from one response into the next request.
 */
package dev.rtc.http;
