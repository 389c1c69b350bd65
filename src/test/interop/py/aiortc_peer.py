"""A WebRTC peer rtc did not write (aiortc), for PeerProcessIT: joins rtc serve's /signal/ROOM with
rtc peer's hello/offer/answer/candidate messages, then over the data channel sends one text and one
binary message, prints what it receives (T:<text> or B:<hex>, one per line), answers rtc's end-of-data
marker (an empty binary message) with its own, and exits when the channel closes.

With --describe-channel it never offers (its id sorts before any other), so the channel is the one the
other side opened, and it first prints that channel as the DCEP open message described it:
CHANNEL label=<label> ordered=<True|False> maxRetransmits=<N|None> maxPacketLifeTime=<N|None>.

usage: aiortc_peer.py ws://HOST:PORT/signal/ROOM [--describe-channel]
"""
import asyncio
import json
import sys
import uuid

import websockets
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.sdp import candidate_from_sdp


async def main(url, describe):
    me = "0" if describe else str(uuid.uuid4())  # "0" sorts before every uuid: the other side offers
    pc = RTCPeerConnection()  # no ICE servers: host candidates only
    done = asyncio.get_running_loop().create_future()
    other = None

    def wire(channel):
        @channel.on("open")
        def on_open():
            channel.send("hello from aiortc")
            channel.send(b"\x00\x01\xfe\xff")

        @channel.on("message")
        def on_message(message):
            if isinstance(message, bytes):
                if len(message) == 0:
                    print("END", flush=True)
                    channel.send(b"")  # our end of data too
                else:
                    print("B:" + message.hex(), flush=True)
            else:
                print("T:" + message, flush=True)

        @channel.on("close")
        def on_close():
            if not done.done():
                done.set_result(None)

        if channel.readyState == "open":
            on_open()

    @pc.on("datachannel")
    def on_datachannel(channel):
        if describe:
            print("CHANNEL label=%s ordered=%s maxRetransmits=%s maxPacketLifeTime=%s"
                  % (channel.label, channel.ordered, channel.maxRetransmits, channel.maxPacketLifeTime), flush=True)
        wire(channel)

    async with websockets.connect(url) as ws:
        await ws.send(json.dumps({"type": "hello", "id": me}))

        async def relay():
            nonlocal other
            async for raw in ws:
                m = json.loads(raw)
                if m.get("type") == "hello" and m.get("id") != me and other is None:
                    other = m["id"]
                    await ws.send(json.dumps({"type": "hello", "id": me}))
                    if me > other:
                        wire(pc.createDataChannel("rtc"))
                        await pc.setLocalDescription(await pc.createOffer())
                        await ws.send(json.dumps({"type": "offer", "sdp": pc.localDescription.sdp}))
                elif m.get("type") == "offer":
                    await pc.setRemoteDescription(RTCSessionDescription(m["sdp"], "offer"))
                    await pc.setLocalDescription(await pc.createAnswer())
                    await ws.send(json.dumps({"type": "answer", "sdp": pc.localDescription.sdp}))
                elif m.get("type") == "answer":
                    await pc.setRemoteDescription(RTCSessionDescription(m["sdp"], "answer"))
                elif m.get("type") == "candidate" and m.get("candidate"):
                    c = candidate_from_sdp(m["candidate"].split(":", 1)[1])
                    c.sdpMid = m.get("sdpMid")
                    c.sdpMLineIndex = m.get("sdpMLineIndex")
                    await pc.addIceCandidate(c)

        relaying = asyncio.ensure_future(relay())
        try:
            await asyncio.wait_for(done, 60)
        finally:
            relaying.cancel()
    await pc.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], "--describe-channel" in sys.argv[2:]))
