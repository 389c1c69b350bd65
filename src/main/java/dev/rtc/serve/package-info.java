/**
 * {@code rtc serve}: the Netty bootstrap ({@link dev.rtc.serve.Server}), the pipeline
 * ({@link dev.rtc.serve.ServeInitializer}), one route or session class per technique, and the topic hub
 * every technique shares. What keeps hostile peers from taking it down sits in front of the routes, one
 * handler per concern: {@link dev.rtc.serve.AcceptGuard} (descriptors, --max-connections),
 * {@link dev.rtc.serve.HeadDeadline} (--header-timeout), {@link dev.rtc.serve.InOrder} (pipelining),
 * {@link dev.rtc.serve.HttpGate} (malformed requests, the token), {@link dev.rtc.serve.BodyLimit}; the
 * {@link dev.rtc.serve.Hub} bounds topics and retained bytes (--max-topics, --max-memory).
 */
package dev.rtc.serve;
