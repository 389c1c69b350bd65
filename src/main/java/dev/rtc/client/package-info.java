/**
 * What every technique's client reports to whoever runs it, from a command or from code: a
 * {@link dev.rtc.client.ClientListener} receives each message ({@link dev.rtc.client.Received}: its bytes, its
 * receive time, the bytes it took on the wire) and the lifecycle (open, close, reconnect, problems), and
 * {@link dev.rtc.client.Traffic} counts requests, connections and bytes each way. This package depends on
 * nothing else of rtc's, so that the clients (poll, longpoll, stream, sse, ws, peer), the commands that
 * print them and {@code rtc compare}, which measures them, all meet here.
 */
package dev.rtc.client;
