/**
 * {@code rtc peer}: a WebRTC data channel between two terminals (webrtc-java, loaded only here), met
 * through {@code rtc serve}'s {@code /signal/{room}} or by pasting one line each way; stdin and stdout
 * or a file with a SHA-256 check over it.
 *
 * <p>{@link dev.rtc.peer.PeerClient} is the client, runnable from code ({@code rtc compare} runs two in one
 * process); {@link dev.rtc.peer.PeerCommand} adapts it to stdin ({@code Outgoing}) and the printer.
 * {@code PeerLink} is the one peer connection and its channel (back-pressure, the close that waits for
 * delivery); the parts that need no native library live beside it: {@code CreditWindow} (rtc's flow
 * control between two rtc peers), {@code PathStats} (getStats: round trip, transport bytes, relay or
 * direct), {@code Sdp} (max-message-size, candidate lines), {@code OneLine} (the pasted line),
 * {@code FileTransfer} ({@code --send}/{@code --receive}), {@code RoomSignal} (the room's messages).
 */
package dev.rtc.peer;
