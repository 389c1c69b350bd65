"""bench/peer's baseline: SIZE bytes over a data channel between two aiortc peers in one process, in
64 KiB binary messages (the most aiortc takes; rtc peer sends up to 256 KiB) with the same flow control as rtc peer (pause above 8 MiB buffered until 2 MiB).
Prints one JSON line: bytes, seconds of transfer (from the channel opening to the last byte received).

usage: aiortc_pair.py SIZE
"""
import asyncio
import json
import os
import sys
import time

from aiortc import RTCPeerConnection


async def main(size):
    a, b = RTCPeerConnection(), RTCPeerConnection()
    channel = a.createDataChannel("bench")
    loop = asyncio.get_running_loop()
    opened, done = loop.create_future(), loop.create_future()
    received = 0

    @channel.on("open")
    def on_open():
        opened.set_result(None)

    @b.on("datachannel")
    def on_datachannel(incoming):
        @incoming.on("message")
        def on_message(message):
            nonlocal received
            received += len(message)
            if received >= size and not done.done():
                done.set_result(None)

    await a.setLocalDescription(await a.createOffer())
    await b.setRemoteDescription(a.localDescription)
    await b.setLocalDescription(await b.createAnswer())
    await a.setRemoteDescription(b.localDescription)
    await asyncio.wait_for(opened, 30)

    chunk = os.urandom(65536)
    low = asyncio.Event()
    channel.bufferedAmountLowThreshold = 2 << 20

    @channel.on("bufferedamountlow")
    def on_low():
        low.set()

    start = time.monotonic()
    sent = 0
    while sent < size:
        if channel.bufferedAmount > 8 << 20:
            low.clear()
            await low.wait()
        n = min(len(chunk), size - sent)
        channel.send(chunk if n == len(chunk) else chunk[:n])
        sent += n
    await asyncio.wait_for(done, 600)
    seconds = time.monotonic() - start
    await a.close()
    await b.close()
    print(json.dumps({"bytes": received, "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
