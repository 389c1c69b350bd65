package dev.rtc.peer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.internal.NativeLoader;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.rtc.cli.RtcException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * webrtc-java's native library, loaded by rtc rather than by the library itself: its own loader copies
 * the 23 MB library into the temp dir and, when loading fails (no libpulse0), leaves the copy behind and
 * throws a bare UnsatisfiedLinkError. Here the copy goes into a private directory that is always
 * removed, and a failure names the Debian packages to install or the setting to change.
 */
final class NativeWebRtc implements AutoCloseable {
    /** The library for this machine, or null where webrtc-java ships none. */
    static final String LIBRARY = library(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    /** Where a library the .so needs comes from on Debian/Ubuntu. */
    private static final Map<String, String> PACKAGES = new LinkedHashMap<>();
    static {
        PACKAGES.put("libpulse.so.0", "libpulse0");
        PACKAGES.put("libudev.so.1", "libudev1");
        PACKAGES.put("libX11.so.6", "libx11-6");
        PACKAGES.put("libXfixes.so.3", "libxfixes3");
        PACKAGES.put("libXrandr.so.2", "libxrandr2");
        PACKAGES.put("libXcomposite.so.1", "libxcomposite1");
        PACKAGES.put("libdbus-1.so.3", "libdbus-1-3");
    }

    private static boolean loaded;

    /**
     * webrtc-java's name for the library of an OS and architecture as the JVM names them ({@code os.name},
     * {@code os.arch}): it ships Linux and macOS, each on x86_64 and aarch64. Null for anything else.
     */
    static String library(String os, String arch) {
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        if (a == null) return null;
        if (os.startsWith("Linux")) return "libwebrtc-java-linux-" + a + ".so";
        if (os.startsWith("Mac OS X") || os.startsWith("Darwin")) return "libwebrtc-java-macos-" + a + ".dylib";
        return null;
    }

    private final HeadlessAudioDeviceModule audio;
    final PeerConnectionFactory factory;

    private NativeWebRtc(HeadlessAudioDeviceModule audio, PeerConnectionFactory factory) {
        this.audio = audio;
        this.factory = factory;
    }

    /**
     * Loads the library (once per process) and makes a factory with the headless audio device module:
     * the default module opens a sound server and aborts the JVM where none runs.
     */
    static NativeWebRtc open(Path nativeDir) {
        load(nativeDir);
        HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
        return new NativeWebRtc(audio, new PeerConnectionFactory(audio));
    }

    /** Disposes the factory: its callback threads are not daemons, and the JVM would never exit. */
    @Override
    public void close() {
        factory.dispose();
        audio.dispose();
    }

    static synchronized void load(Path nativeDir) {
        if (loaded) return;
        if (LIBRARY == null) {
            throw new RtcException("rtc peer has no WebRTC library for " + System.getProperty("os.name") + " on "
                    + System.getProperty("os.arch") + ": webrtc-java ships Linux and macOS, on x86_64 and aarch64");
        }
        Path base = nativeDir != null ? nativeDir : Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = null;
        Path lib = null;
        try {
            dir = Files.createTempDirectory(base, "rtc-webrtc-");
            lib = dir.resolve(LIBRARY);
            try (InputStream in = NativeLoader.class.getClassLoader().getResourceAsStream(LIBRARY)) {
                if (in == null) {
                    throw new RtcException("webrtc-java's native library " + LIBRARY + " is not in this rtc"
                            + " (each platform's archive holds its own: install the one for this machine)");
                }
                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            }
            System.load(lib.toString());
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such directory" : e.getMessage();
            throw new RtcException("cannot unpack webrtc-java's native library into " + base + ": " + why
                    + " (choose another directory with --native-dir or RTC_NATIVE_DIR)");
        } catch (UnsatisfiedLinkError e) {
            throw new RtcException(explain(e.getMessage(), base));
        } finally {
            // Once loaded (or not) the file is no longer needed: Linux keeps the mapping.
            try {
                if (lib != null) Files.deleteIfExists(lib);
                if (dir != null) Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a leftover empty directory is all that can remain
            }
        }
        markLoaded();
        loaded = true;
    }

    /** The one-line reason a load failed, with what to do about it. */
    static String explain(String message, Path base) {
        String m = message == null ? "" : message;
        StringBuilder missing = new StringBuilder();
        for (Map.Entry<String, String> e : PACKAGES.entrySet()) {
            if (m.contains(e.getKey())) missing.append(missing.length() == 0 ? "" : " ").append(e.getValue());
        }
        if (missing.length() > 0) {
            return "rtc peer needs system libraries that are missing: apt-get install " + missing
                    + " (" + m.trim() + ")";
        }
        if (m.contains("failed to map segment") || m.contains("operation not permitted") || m.contains("Permission denied")) {
            return "cannot load webrtc-java's native library from " + base
                    + " (mounted noexec?): choose an executable directory with --native-dir or RTC_NATIVE_DIR";
        }
        return "cannot load webrtc-java's native library: " + m.trim();
    }

    /** Tells webrtc-java's own loader, which its classes call in their static initialisers, that the work is done. */
    @SuppressWarnings("unchecked")
    private static void markLoaded() {
        try {
            Field f = NativeLoader.class.getDeclaredField("LOADED_LIB_SET");
            f.setAccessible(true);
            ((Set<String>) f.get(null)).add("webrtc-java");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new RtcException("webrtc-java " + "changed its loader; rtc peer cannot mark its library loaded: " + e);
        }
    }
}
