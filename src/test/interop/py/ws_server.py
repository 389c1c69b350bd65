"""WebSocket servers for rtc ws's interop tests, on Debian's python3-websockets (the 10.x asyncio API).

Usage: ws_server.py MODE ; binds 127.0.0.1 on a free port, prints "port N" (flushed), serves until
killed or LIFETIME seconds pass, so a test that forgets it cannot leave it running.

Modes:
  binary       sends the binary message 00 ff 72 74 63, then the text "done", then closes with 1000
  close4001    echoes the first message, then closes with 4001 "custom reason"
  subprotocol  offers chat and superchat; sends "subprotocol <chosen>", then closes with 1000
  headers      sends the handshake request's headers, one "Name: value" line per message, then closes with 1000
  reconnect    connection n echoes its first message as "n <message>", then closes with 1011 "again"
  silent       completes the handshake by hand, then never answers anything: no pong, no close
"""
import asyncio
import base64
import hashlib
import sys

import websockets

LIFETIME = 30
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
connections = 0


async def binary(ws, path):
    await ws.send(bytes([0x00, 0xFF]) + b"rtc")
    await ws.send("done")
    await ws.close(1000)


async def close4001(ws, path):
    await ws.send(await ws.recv())
    await ws.close(4001, "custom reason")


async def subprotocol(ws, path):
    await ws.send(f"subprotocol {ws.subprotocol}")
    await ws.close(1000)


async def headers(ws, path):
    for name, value in ws.request_headers.raw_items():
        await ws.send(f"{name}: {value}")
    await ws.close(1000)


async def reconnect(ws, path):
    global connections
    connections += 1
    await ws.send(f"{connections} {await ws.recv()}")
    await ws.close(1011, "again")


async def silent(reader, writer):
    request = await reader.readuntil(b"\r\n\r\n")
    key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
               if line.lower().startswith(b"sec-websocket-key:"))
    accept = base64.b64encode(hashlib.sha1(key + GUID.encode()).digest()).decode()
    writer.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
    await writer.drain()
    while await reader.read(65536):
        pass


async def main(mode):
    if mode == "silent":
        server = await asyncio.start_server(silent, "127.0.0.1", 0)
    else:
        options = {"subprotocols": ["chat", "superchat"]} if mode == "subprotocol" else {}
        server = await websockets.serve(globals()[mode], "127.0.0.1", 0, **options)
    print("port", server.sockets[0].getsockname()[1], flush=True)
    await asyncio.sleep(LIFETIME)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
