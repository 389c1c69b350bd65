"""Pipe-mode WebSocket client on Python's websockets (Debian's python3-websockets), for bench/run ws-client.

Usage: ws_pipe.py URL N ; sends each line of stdin as a text message while it prints each message
received on its own line, and exits once N have arrived (or after 600 s, so it never hangs the run).
"""
import asyncio
import sys

import websockets


async def main(url, n):
    async with websockets.connect(url, max_size=None, compression=None, max_queue=None) as ws:
        async def send():
            # Blocks of stdin read off the event loop (a file or a pipe alike), each line one message.
            loop = asyncio.get_running_loop()
            rest = b""
            while block := await loop.run_in_executor(None, sys.stdin.buffer.read1, 1 << 16):
                lines = (rest + block).split(b"\n")
                rest = lines.pop()
                for line in lines:
                    await ws.send(line.rstrip(b"\r").decode())
            if rest:
                await ws.send(rest.decode())

        sender = asyncio.create_task(send())
        out = sys.stdout
        for _ in range(n):
            out.write(await ws.recv())
            out.write("\n")
        out.flush()
        sender.cancel()


if __name__ == "__main__":
    asyncio.run(asyncio.wait_for(main(sys.argv[1], int(sys.argv[2])), 600))
