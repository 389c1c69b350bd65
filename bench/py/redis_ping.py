"""Paced Redis round trips, with no rtc in the path: what a PING costs on this machine, idle or under load.

Usage: redis_ping.py PORT [SECONDS] [RATE] ; sends PING to 127.0.0.1:PORT RATE times a second (default 100,
the cluster benchmark's event rate) over one connection, one at a time, for SECONDS (default 10), and prints
one JSON line: the round trips' mean, p50, p90, p99 and max in ms. Run it beside `bench/run cluster` to see
the round trip's tail that the machine itself adds to every `--redis` publish (see bench/README.md).
Standard library only; exits 1 with one line on stderr when Redis cannot be reached or answers otherwise.
"""
import json
import socket
import sys
import time


def main(port, seconds, rate):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError as e:
        sys.exit(f"redis_ping.py: cannot connect to 127.0.0.1:{port}: {e.strerror or e}")
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    n = max(1, int(seconds * rate))
    took = []
    start = time.monotonic()
    for i in range(n):
        wait = start + i / rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        sent = time.perf_counter_ns()
        answer = b""
        try:
            s.sendall(b"PING\r\n")
            while not answer.endswith(b"\r\n"):
                chunk = s.recv(64)
                if not chunk:
                    sys.exit(f"redis_ping.py: 127.0.0.1:{port} closed the connection")
                answer += chunk
        except OSError as e:  # a reset, or no answer within the 5 s timeout
            sys.exit(f"redis_ping.py: 127.0.0.1:{port}: {e.strerror or e or 'no answer within 5 s'}")
        took.append((time.perf_counter_ns() - sent) / 1e6)
        if answer != b"+PONG\r\n":
            sys.exit(f"redis_ping.py: 127.0.0.1:{port} answered {answer!r}, not +PONG")
    took.sort()

    def at(q):
        return round(took[min(len(took) - 1, int(q * len(took)))], 3)

    print(json.dumps({"bench": "redis-ping", "port": port, "rate": rate, "round_trips": len(took),
                      "mean_ms": round(sum(took) / len(took), 3), "p50_ms": at(0.5), "p90_ms": at(0.9),
                      "p99_ms": at(0.99), "max_ms": round(took[-1], 3)}))


if __name__ == "__main__":
    try:
        args = sys.argv[1:]
        if not 1 <= len(args) <= 3:
            raise ValueError
        port = int(args[0])
        seconds = float(args[1]) if len(args) > 1 else 10.0
        rate = float(args[2]) if len(args) > 2 else 100.0
        if not (0 < port < 65536 and 0 < seconds <= 86400 and 1 <= rate <= 100000):
            raise ValueError
    except ValueError:
        sys.exit("usage: redis_ping.py PORT [SECONDS] [RATE]   (PORT 1-65535, SECONDS up to 86400, RATE 1-100000 a second)")
    main(port, seconds, rate)
