/**
 * {@code rtc serve}: the Netty bootstrap ({@link dev.rtc.serve.Server}), the pipeline
 * ({@link dev.rtc.serve.ServeInitializer}), one route or session class per technique, and the topic hub
 * every technique shares.
 */
package dev.rtc.serve;
