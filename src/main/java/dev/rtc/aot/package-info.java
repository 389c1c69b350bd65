/**
 * The training run of the JDK 25+ AOT cache that the launcher ({@code cli/rtc}, also the
 * distributions' {@code bin/rtc}) creates: one JVM that runs the commands people start most, so that
 * their classes come loaded and linked from the cache on the next start.
 */
package dev.rtc.aot;
