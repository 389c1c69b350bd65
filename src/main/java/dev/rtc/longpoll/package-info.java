/** {@code rtc longpoll}: requests in a loop, each waiting for the server's answer, with backoff on failures. */
package dev.rtc.longpoll;
