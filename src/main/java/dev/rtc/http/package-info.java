/**
 * The HTTP client side every HTTP technique shares: one OkHttp client per run built from the request
 * options ({@link dev.rtc.http.HttpSession}), the base of the technique clients
 * ({@link dev.rtc.http.SessionClient}), what a request cost on the wire ({@code Wire}), the deadline of a
 * response head ({@code HeadWatch}), the wording of failures and error statuses with the server's reason
 * ({@link dev.rtc.http.Failures}, {@link dev.rtc.http.HttpError}), verbose header logging, and what poll
 * and long poll read from a body: the JSON cursor and {@code --each} ({@link dev.rtc.http.ResponseMessages}).
 */
package dev.rtc.http;
