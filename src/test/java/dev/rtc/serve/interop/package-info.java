/**
 * {@code rtc serve} against clients we did not write: curl, Python's websockets, Node's ws and eventsource,
 * and headless Chromium. Each test starts the server in-process on a loopback port, runs the client (its
 * script under {@code src/test/interop/}) as a subprocess with a deadline, and compares what it printed.
 */
package dev.rtc.serve.interop;
