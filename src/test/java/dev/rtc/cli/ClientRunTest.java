package dev.rtc.cli;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtc.output.Printer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = SECONDS)
class ClientRunTest {

    @Test
    void aClosedStdoutEndsTheRunWithExitZero() throws Exception {
        PrintWriter closed = new PrintWriter(new StringWriter()) {
            @Override
            public boolean checkError() {
                return true; // the reader of stdout went away, as | head -1 does
            }
        };
        Printer printer = new Printer(closed, new PrintWriter(new StringWriter()), null, false, Printer.Binary.HEX);

        int code = ClientRun.run(StopConditions.none(), () -> {
            while (true) printer.text("tick", Map.of());
        }, () -> {});

        assertEquals(ExitCodes.OK, code);
    }
}
