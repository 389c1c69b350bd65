"""A chunked-streaming HTTP server for rtc stream's interop tests: Python's http.server, standard library only.

Usage: stream_server.py ; binds 127.0.0.1 on a free port and prints the port on stdout, then serves:

  /lines        "one\\n", "two\\r\\n", "th", "ree\\n", "four" (no final newline), each chunk a moment apart
  /hold         "first\\n", then holds the response open until /release is requested (at most 10 s), then "second\\n"
  /release      lets /hold finish
  /binary       b"\\x00\\x01\\xfe\\xff\\n" then "text\\n"
  /long?size=N  a line of N "x" then "after\\n"
  /empty        200 with Content-Length: 0
  /nocontent    204
  /error        500 with a body
  /ends         "connection K\\n" (K counts requests to /ends) then the end of the body
  /accept-encoding  the request's Accept-Encoding header (or "none") as one line
  /flaky       odd requests: "request K\n" then the end of the body; even ones: 503
  /broken       "partial line" without its newline, then the connection closes mid-chunk
Every response closes its connection, so each request is one TCP connection.
"""
import http.server
import sys
import threading
import time
import urllib.parse

HOLD_LIMIT = 10
released = threading.Event()
ends_lock = threading.Lock()
ends_count = 0
flaky_count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass  # stdout carries the port only; stderr stays quiet unless something breaks

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        route = getattr(self, "route_" + url.path.strip("/").replace("-", "_"), None)
        try:
            if route is None:
                self.plain(404, b"not found\n")
            else:
                route(query)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client had what it wanted (rtc stream -n 1, say) and hung up
        self.close_connection = True

    def plain(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def start_chunked(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def route_lines(self, query):
        self.start_chunked()
        for part in (b"one\n", b"two\r\n", b"th", b"ree\n", b"four"):
            self.chunk(part)
            time.sleep(0.02)
        self.end()

    def route_hold(self, query):
        self.start_chunked()
        self.chunk(b"first\n")
        released.wait(HOLD_LIMIT)
        self.chunk(b"second\n")
        self.end()

    def route_release(self, query):
        released.set()
        self.plain(200, b"released\n")

    def route_binary(self, query):
        self.start_chunked()
        self.chunk(b"\x00\x01\xfe\xff\n")
        self.chunk(b"text\n")
        self.end()

    def route_long(self, query):
        size = int(query.get("size", ["100"])[0])
        self.start_chunked()
        self.chunk(b"x" * size + b"\n")
        self.chunk(b"after\n")
        self.end()

    def route_empty(self, query):
        self.plain(200, b"")

    def route_nocontent(self, query):
        self.send_response(204)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()

    def route_error(self, query):
        self.plain(500, b"boom\n")

    def route_ends(self, query):
        global ends_count
        with ends_lock:
            ends_count += 1
            n = ends_count
        self.start_chunked()
        self.chunk(b"connection %d\n" % n)
        self.end()

    def route_flaky(self, query):
        global flaky_count
        with ends_lock:
            flaky_count += 1
            n = flaky_count
        if n % 2 == 0:
            self.plain(503, b"restarting\n")
            return
        self.start_chunked()
        self.chunk(b"request %d\n" % n)
        self.end()

    def route_accept_encoding(self, query):
        self.plain(200, (self.headers.get("Accept-Encoding", "none") + "\n").encode())

    def route_broken(self, query):
        self.start_chunked()
        self.wfile.write(b"20\r\npartial line")  # announces 32 bytes, sends 12, then hangs up
        self.wfile.flush()


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
