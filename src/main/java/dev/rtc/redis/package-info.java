/**
 * {@code rtc serve --redis}: one topic space shared by many serve instances through Redis. Serve sees only
 * {@link dev.rtc.redis.Cluster}; {@link dev.rtc.redis.LettuceCluster} holds every reference to the
 * Lettuce client, so that without {@code --redis} none of its classes is loaded. Depends on nothing of
 * serve (serve depends on this package).
 */
package dev.rtc.redis;
