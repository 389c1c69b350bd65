/**
 * {@code rtc peer}: a WebRTC data channel between two terminals (webrtc-java, loaded only here), met
 * through {@code rtc serve}'s {@code /signal/{room}} or by pasting one line each way; stdin and stdout
 * or a file with a SHA-256 check over it.
 */
package dev.rtc.peer;
