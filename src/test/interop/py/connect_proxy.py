"""A minimal HTTP CONNECT proxy for rtc ws's --proxy test (standard library only).

Usage: connect_proxy.py ; binds 127.0.0.1 on a free port, prints "port N", then one line
"CONNECT host:port" per tunnel it opens (flushed), and exits after LIFETIME seconds.
"""
import asyncio

LIFETIME = 30


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def tunnel(reader, writer):
    head = await reader.readuntil(b"\r\n\r\n")
    method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ")
    print(method, target, flush=True)
    host, port = target.rsplit(":", 1)
    upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
    writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
    await writer.drain()
    await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))


async def main():
    server = await asyncio.start_server(tunnel, "127.0.0.1", 0)
    print("port", server.sockets[0].getsockname()[1], flush=True)
    await asyncio.sleep(LIFETIME)


if __name__ == "__main__":
    asyncio.run(main())
