// Node baseline for bench/run sse-*: POST /publish/{topic} and GET /sse/{topic}, like rtc serve's routes.
// A plain http server, one Set of responses per topic, one res.write per subscriber per message.
// usage: node sse-server.js PORT   (prints "listening on PORT" once bound; 127.0.0.1 only)
const http = require('http');
const topics = new Map(); // topic -> Set of ServerResponse
const ids = new Map();    // topic -> last id
const TOPIC = /^\/(publish|sse)\/([A-Za-z0-9._~-]{1,128})$/;

const server = http.createServer((req, res) => {
  const m = TOPIC.exec(req.url.split('?')[0]);
  if (!m) { res.writeHead(404).end(); return; }
  const [, route, topic] = m;
  if (route === 'sse' && req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.write('retry: 2000\n\n');
    let subs = topics.get(topic);
    if (!subs) topics.set(topic, subs = new Set());
    subs.add(res);
    const beat = setInterval(() => res.write(':\n\n'), 15000);
    res.on('close', () => { clearInterval(beat); subs.delete(res); });
  } else if (route === 'publish' && req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const id = (ids.get(topic) || 0) + 1;
      ids.set(topic, id);
      const data = Buffer.concat(chunks).toString('utf8');
      const event = `id: ${id}\n` + data.split(/\r\n|\r|\n/).map((l) => `data: ${l}\n`).join('') + '\n';
      const subs = topics.get(topic);
      if (subs) for (const s of subs) s.write(event);
      const body = JSON.stringify({ topic, id, subscribers: { sse: subs ? subs.size : 0 } });
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    });
  } else {
    res.writeHead(405).end();
  }
});
server.keepAliveTimeout = 60000;
server.listen(+process.argv[2] || 0, '127.0.0.1', () => console.error(`listening on ${server.address().port}`));
