// Fast local SSE source for bench/run sse-client: every GET gets COUNT events as fast as the socket takes
// them (id and ~64 bytes of data each), then "event: end", then the response ends.
// usage: node sse-source.js PORT COUNT   (prints "listening on PORT" once bound; 127.0.0.1 only)
'use strict';
const http = require('http');
const count = Number(process.argv[3] || 1000000);
const BLOCK = 1000;

function block(start) {
  let s = '';
  for (let i = start; i < start + BLOCK; i++) {
    s += `id: ${i}\ndata: event ${String(i).padStart(9, '0')} abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN\n\n`;
  }
  return Buffer.from(s);
}
const blocks = [block(0), block(BLOCK)]; // two prebuilt blocks, alternated: the ids are not unique, which no client minds

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  let sent = 0;
  const pump = () => {
    while (sent < count) {
      const n = Math.min(BLOCK, count - sent);
      const chunk = n === BLOCK ? blocks[(sent / BLOCK) % 2] : block(0).subarray(0, blockBytes(n));
      sent += n;
      if (!res.write(chunk)) { res.once('drain', pump); return; }
    }
    res.end('event: end\ndata: end\n\n');
  };
  pump();
});

function blockBytes(n) { // the length of the first n events of block(0)
  let bytes = 0;
  const b = block(0).toString();
  let at = 0;
  for (let i = 0; i < n; i++) { at = b.indexOf('\n\n', at) + 2; }
  bytes = at;
  return bytes;
}

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
