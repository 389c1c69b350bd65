"""A Server-Sent Events server we did not write, for rtc sse's tests: Python's http.server, nothing else.

Usage: sse_server.py ; binds 127.0.0.1 on a free port and prints "port N", then one line per request,
"<METHOD> <path> last-event-id=<value or -> body=<body or ->", flushed, so the test can follow along.
Every route is a scripted misbehaviour or a plain stream; every wait is bounded.

  /resume          retry: 50, then two events after Last-Event-ID (ids n+1, n+2), then the connection drops
  /half            one whole event, half of another, then the connection drops
  /typed           events of types a, b and message, then the stream ends
  /post            POST only: an LLM-style stream of JSON deltas echoing the body, then [DONE], then silence
  /status/NNN      that status, an event-stream body
  /type/T/S        200 with Content-Type T/S
  /silent          headers, one comment, then nothing for 10 s
  /noanswer        reads the request and answers nothing for 10 s
  /invalid-utf8    data with bytes that are not UTF-8
  /long/N          one data line of N bytes
  /bom-cr          a BOM and lone CR line ends
  /empty           retry: 0 and no event, then the stream ends
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes

    def log_message(self, fmt, *args):
        pass

    def say(self, body):
        last = self.headers.get("Last-Event-ID")
        print(f"{self.command} {self.path} last-event-id={last if last is not None else '-'} "
              f"body={body.decode('utf-8', 'replace') if body else '-'}", flush=True)

    def head(self, status=200, content_type="text/event-stream"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def send(self, text):
        self.wfile.write(text.encode("utf-8") if isinstance(text, str) else text)
        self.wfile.flush()

    def do_GET(self):
        self.route(None)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.route(self.rfile.read(length) if length else b"")

    def route(self, body):
        self.say(body)
        path = self.path
        if path == "/resume":
            after = int(self.headers.get("Last-Event-ID") or 0)
            self.head()
            self.send("retry: 50\n\n")
            for n in (after + 1, after + 2):
                self.send(f"id: {n}\ndata: event {n}\n\n")
        elif path == "/half":
            self.head()
            self.send("data: whole\n\ndata: half")
        elif path == "/typed":
            self.head()
            self.send("event: a\ndata: one\n\nevent: b\ndata: two\n\ndata: three\n\nevent: a\ndata: four\n\n")
        elif path == "/post":
            if body is None:
                self.head(405, "text/plain")
                self.send("POST only\n")
                return
            self.head(200, "text/event-stream; charset=utf-8")
            for word in ("You", " said ", body.decode("utf-8")):
                self.send("data: " + json.dumps({"choices": [{"delta": {"content": word}}]}) + "\n\n")
            self.send("data: [DONE]\n\n")
            time.sleep(10)
        elif path.startswith("/status/"):
            self.head(int(path[len("/status/"):]))
            self.send("data: not for you\n\n")
        elif path.startswith("/type/"):
            self.head(200, path[len("/type/"):])
            self.send("data: not an event stream\n\n")
        elif path == "/silent":
            self.head()
            self.send(": hello\n\n")
            time.sleep(10)
        elif path == "/noanswer":
            time.sleep(10)
        elif path == "/invalid-utf8":
            self.head()
            self.send(b"data: caf\xc3 \xff\xfe ok\n\n")
        elif path.startswith("/long/"):
            self.head()
            self.send(b"data: " + b"x" * int(path[len("/long/"):]) + b"\n\n")
        elif path == "/bom-cr":
            self.head()
            self.send(b"\xef\xbb\xbfdata: one\rdata: two\r\rid: 9\rdata: three\r\r")
        elif path == "/empty":
            self.head()
            self.send("retry: 0\n\n")
        else:
            self.head(404, "text/plain")
            self.send("no such route\n")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"port {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
