"""WebSocket client for rtc's interop tests, on Debian's python3-websockets (the 10.x asyncio API).

Usage: ws_client.py COMMAND URL... ; prints one line per event, flushed, for the JUnit test to compare.
Every wait is bounded so that a server that stays silent fails the test instead of hanging it.
"""
import asyncio
import os
import sys

import websockets

WAIT = 5


def say(*parts):
    print(*parts, flush=True)


async def recv(ws):
    try:
        return await asyncio.wait_for(ws.recv(), WAIT)
    except asyncio.TimeoutError:
        say(f"timeout: nothing received within {WAIT}s")
        os._exit(3)  # not sys.exit: closing the open sockets could wait out their close timeouts


async def closed(ws):
    """Waits for the server's close frame and reports it."""
    try:
        while True:
            msg = await recv(ws)
            say("unexpected", msg if isinstance(msg, str) else msg.hex())
    except websockets.ConnectionClosed:
        pass
    return f"closed {ws.close_code} {ws.close_reason}"


async def echo(url):
    async with websockets.connect(url, subprotocols=["chat.v1"]) as ws:
        say("subprotocol", ws.subprotocol)
        say("extensions", ",".join(e.name for e in ws.extensions))
        await ws.send("héllo ✓")
        say("text", await recv(ws))
        await ws.send(bytes(range(256)))
        got = await recv(ws)
        say("binary", type(got).__name__, len(got), got == bytes(range(256)))
        await asyncio.wait_for(await ws.ping(b"are you there"), WAIT)
        say("pong")
        await ws.close(4000, "done here")
        say(f"closed {ws.close_code} {ws.close_reason}")


async def topic(url, send):
    """Receives one message, publishes SEND with a frame, and gets it back from the topic."""
    async with websockets.connect(url) as ws:
        say("open")
        say("recv", await recv(ws))
        await ws.send(send)
        say("recv", await recv(ws))
    say(f"closed {ws.close_code} {ws.close_reason}")


async def big(url, size, compress):
    # random bytes do not deflate, so the frame on the wire is as large as the message
    data = "x" * size if compress == "compressible" else os.urandom(size)
    extensions = None if compress != "off" else []
    async with websockets.connect(url, max_size=None, compression="deflate" if extensions is None else None) as ws:
        await ws.send(data)
        say(await closed(ws))


async def hold(*urls):
    """Connects to every URL, then reports how the server closes each one."""
    sockets = [await websockets.connect(u) for u in urls]
    say("open", len(sockets))
    for u, ws in zip(urls, sockets):
        say(u.split("/", 3)[3], await closed(ws))


async def signal(url):
    a, b, c = [await websockets.connect(url) for _ in range(3)]
    await a.send('{"type":"offer","sdp":"v=0"}')
    say("b got", await recv(b))
    say("c got", await recv(c))
    await b.send('{"type":"answer","sdp":"v=0"}')
    say("a got", await recv(a))
    say("c got", await recv(c))
    try:
        extra = await asyncio.wait_for(a.recv(), 0.3)
        say("a got its own message back:", extra)
    except asyncio.TimeoutError:
        say("a got nothing else")
    for ws in (a, b, c):
        await ws.close()


COMMANDS = {"echo": echo, "topic": topic, "hold": hold, "signal": signal,
            "big": lambda url, size, compress: big(url, int(size), compress)}

if __name__ == "__main__":
    asyncio.run(COMMANDS[sys.argv[1]](*sys.argv[2:]))
