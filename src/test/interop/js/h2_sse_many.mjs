// Opens N SSE streams on ONE HTTP/2 connection (Node's own http2 client: prior knowledge over http://,
// ALPN h2 over https:// trusting CA_FILE) and prints "<stream index> <data>" for the first event each
// stream receives; exits 0 once all N have one.
// Usage: node h2_sse_many.mjs http://127.0.0.1:PORT|https://127.0.0.1:PORT TOPIC N [CA_FILE]
import fs from 'node:fs';
import http2 from 'node:http2';

const [url, topic, count, caFile] = process.argv.slice(2);
const n = Number(count);
const client = http2.connect(url, caFile ? { ca: fs.readFileSync(caFile) } : {});
client.on('error', (e) => { console.error(`error ${e.message}`); process.exit(1); });
let opened = 0;
let received = 0;
for (let i = 0; i < n; i++) {
  const req = client.request({ ':path': `/sse/${topic}` });
  req.setEncoding('utf8');
  let buffer = '';
  let done = false;
  req.on('response', (headers) => {
    if (headers[':status'] !== 200) { console.error(`stream ${i}: status ${headers[':status']}`); process.exit(1); }
    if (++opened === n) console.error(`opened ${n} streams on one connection`);
  });
  req.on('data', (chunk) => {
    buffer += chunk;
    for (let end; !done && (end = buffer.indexOf('\n\n')) >= 0;) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
      if (data.length === 0) continue;
      done = true;
      console.log(`${i} ${data.join('\n')}`);
      if (++received === n) { client.destroy(); process.exit(0); }
    }
  });
  req.on('error', (e) => { console.error(`stream ${i}: ${e.message}`); process.exit(1); });
}
