package dev.rtc.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.rtc.cli.RtcException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The pieces of rtc peer that need no native library: names, pasted lines, load failures. */
class PeerPartsTest {
    private static final String SDP = String.join("\r\n",
            "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0",
            "a=candidate:1 1 udp 2122260223 10.99.0.1 45678 typ host",
            "a=ice-ufrag:abcd", "a=ice-pwd:0123456789abcdefghijklmn",
            "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
            "a=setup:actpass", "a=mid:0", "a=sctp-port:5000", "a=max-message-size:262144", "");

    @Test
    void aReceivedNameBecomesAPlainFileNameInTheTargetDirectory() {
        assertEquals("passwd", FileTransfer.sanitise("../../etc/passwd"));
        assertEquals("boot.ini", FileTransfer.sanitise("C:\\windows\\boot.ini"));
        assertEquals("_bashrc", FileTransfer.sanitise(".bashrc"));
        assertEquals("_.", FileTransfer.sanitise(".."));
        assertEquals("a_b_c.txt", FileTransfer.sanitise("a;b|c.txt"));
        assertEquals("received", FileTransfer.sanitise("dir/"));
        assertEquals("my file _1_.bin", FileTransfer.sanitise("my file (1).bin"));
    }

    @Test
    void aDescriptionSurvivesTheOneLineRoundTripAndTheLineIsPrintable() {
        String line = OneLine.encode(new RTCSessionDescription(RTCSdpType.OFFER, SDP));
        assertTrue(line.startsWith("rtc-offer:") && line.matches("[A-Za-z0-9:_-]+"), line);
        assertTrue(line.length() < SDP.length(), "compressed: " + line.length() + " < " + SDP.length());
        RTCSessionDescription back = OneLine.decode("  " + line + "\n", RTCSdpType.OFFER);
        assertEquals(SDP, back.sdp);
        assertEquals(RTCSdpType.OFFER, back.sdpType);
    }

    @Test
    void theLineLeavesOutWhatAManualMeetingDoesNotNeedAndKeepsWhichFoundationsAreEqual() {
        String libwebrtc = String.join("\r\n",
                "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                "a=extmap-allow-mixed", "a=msid-semantic: WMS",
                "m=application 45678 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 10.99.0.1",
                "a=candidate:16357853 1 udp 2121867007 10.99.0.1 45678 typ host generation 0 network-id 1 network-cost 50",
                "a=candidate:3092337065 1 udp 2122265343 fd00:99::1 59698 typ host generation 0 network-id 2",
                "a=candidate:2117499717 1 tcp 1517887231 10.99.0.1 56263 typ host tcptype passive generation 0 network-id 1",
                "a=candidate:842163049 1 udp 1686052607 203.0.113.7 45678 typ srflx raddr 10.99.0.1 rport 45678 generation 0 ufrag abcd network-id 1",
                "a=candidate:16357853 2 udp 2121867006 10.99.0.1 45679 typ host generation 0",
                "a=candidate:odd shape",
                "a=ice-ufrag:abcd", "a=ice-pwd:0123456789abcdefghijklmn", "a=ice-options:trickle",
                "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
                "a=setup:actpass", "a=mid:0", "a=sctp-port:5000", "a=max-message-size:262144", "");
        String line = OneLine.encode(new RTCSessionDescription(RTCSdpType.OFFER, libwebrtc));
        assertEquals(String.join("\r\n",
                "v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                "m=application 45678 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 10.99.0.1",
                "a=candidate:1 1 udp 2121867007 10.99.0.1 45678 typ host",
                "a=candidate:2 1 udp 2122265343 fd00:99::1 59698 typ host",
                "a=candidate:3 1 udp 1686052607 203.0.113.7 45678 typ srflx raddr 10.99.0.1 rport 45678",
                "a=candidate:1 2 udp 2121867006 10.99.0.1 45679 typ host",
                "a=candidate:odd shape",
                "a=ice-ufrag:abcd", "a=ice-pwd:0123456789abcdefghijklmn",
                "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
                "a=setup:actpass", "a=mid:0", "a=sctp-port:5000", "a=max-message-size:262144", ""),
                OneLine.decode(line, RTCSdpType.OFFER).sdp);
    }

    @Test
    void aWrongOrDamagedLineIsOneClearMessage() {
        String offer = OneLine.encode(new RTCSessionDescription(RTCSdpType.OFFER, SDP));
        RtcException wrongSide = assertThrows(RtcException.class, () -> OneLine.decode(offer, RTCSdpType.ANSWER));
        assertTrue(wrongSide.getMessage().startsWith("expected a line starting with rtc-answer:"), wrongSide.getMessage());
        RtcException cut = assertThrows(RtcException.class, () -> OneLine.decode(offer.substring(0, offer.length() / 2), RTCSdpType.OFFER));
        assertTrue(cut.getMessage().startsWith("the pasted line is damaged"), cut.getMessage());
    }

    @Test
    void theWebRtcLibraryIsChosenByOsAndArchitecture() {
        assertEquals("libwebrtc-java-linux-x86_64.so", NativeWebRtc.library("Linux", "amd64"));
        assertEquals("libwebrtc-java-linux-aarch64.so", NativeWebRtc.library("Linux", "aarch64"));
        assertEquals("libwebrtc-java-macos-x86_64.dylib", NativeWebRtc.library("Mac OS X", "x86_64"));
        assertEquals("libwebrtc-java-macos-aarch64.dylib", NativeWebRtc.library("Mac OS X", "aarch64"));
        assertEquals(null, NativeWebRtc.library("Windows 11", "amd64"));
        assertEquals(null, NativeWebRtc.library("Linux", "riscv64"));
        assertEquals("libwebrtc-java-linux-x86_64.so", NativeWebRtc.LIBRARY, "this machine");
    }

    @Test
    void aMissingSystemLibraryNamesTheDebianPackageToInstall() {
        String message = NativeWebRtc.explain("/tmp/rtc-webrtc-1/libwebrtc-java-linux-x86_64.so: libpulse.so.0: "
                + "cannot open shared object file: No such file or directory", Path.of("/tmp"));
        assertTrue(message.startsWith("rtc peer needs system libraries that are missing: apt-get install libpulse0 ("), message);
    }

    @Test
    void aNoexecTempDirSaysWhichSettingToChange() {
        String message = NativeWebRtc.explain("/tmp/rtc-webrtc-1/libwebrtc-java-linux-x86_64.so: failed to map segment "
                + "from shared object", Path.of("/tmp"));
        assertEquals("cannot load webrtc-java's native library from /tmp (mounted noexec?): choose an executable "
                + "directory with --native-dir or RTC_NATIVE_DIR", message);
    }
}
