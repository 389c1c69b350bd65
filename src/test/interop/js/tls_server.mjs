// An HTTP server rtc did not write, for the clients' --http2, --http1.1, --resolve, --cert and --key tests.
// Usage: node tls_server.mjs MODE [CERT KEY [CLIENT_CA]]
//   h2     http2.createSecureServer, h2 and http/1.1 through ALPN (allowHTTP1)
//   h2c    http2.createServer: HTTP/2 in cleartext (prior knowledge) only
//   http   http.createServer: HTTP/1.1 in cleartext only
//   https  https.createServer: HTTP/1.1 over TLS, WebSocket (npm ws) at /ws; with CLIENT_CA it requires
//          a client certificate signed by it (requestCert, rejectUnauthorized)
// Prints "listening PORT" once bound (127.0.0.1, port 0). Routes: /poll answers "poll over HTTP/V to HOST[ as CN]"
// (HOST: the Host header or :authority);
// /sse sends events "one over HTTP/V" and "two over HTTP/V" and stays open; /ws greets with
// "hello over wss [as CN]" and echoes what it receives.
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';

const [mode, cert, key, clientCa] = process.argv.slice(2);
const tls = cert ? { cert: fs.readFileSync(cert), key: fs.readFileSync(key) } : {};
if (clientCa) Object.assign(tls, { ca: fs.readFileSync(clientCa), requestCert: true, rejectUnauthorized: true });

const who = (req) => {
  const socket = req.socket || (req.stream && req.stream.session && req.stream.session.socket);
  const peer = socket && socket.getPeerCertificate ? socket.getPeerCertificate() : null;
  return peer && peer.subject ? ' as ' + peer.subject.CN : '';
};

const handle = (req, res) => {
  const version = 'HTTP/' + (req.httpVersion === '2.0' ? '2' : req.httpVersion);
  if (req.url.startsWith('/sse')) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('retry: 100\n\nid: 1\ndata: one over ' + version + '\n\nid: 2\ndata: two over ' + version + '\n\n');
    return; // stays open until the client leaves
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('poll over ' + version + ' to ' + (req.headers[':authority'] || req.headers.host) + who(req) + '\n');
};

const server = mode === 'h2' ? http2.createSecureServer({ ...tls, allowHTTP1: true }, handle)
  : mode === 'h2c' ? http2.createServer(handle)
  : mode === 'http' ? http.createServer(handle)
  : mode === 'https' ? https.createServer(tls, handle)
  : null;
if (!server) {
  process.stderr.write('unknown mode ' + mode + '\n');
  process.exit(2);
}

if (mode === 'https') {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws, req) => {
    ws.send('hello over wss' + who(req));
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
}

server.on('tlsClientError', (e) => process.stderr.write('tls client error: ' + e.message + '\n'));
server.listen(0, '127.0.0.1', () => process.stdout.write('listening ' + server.address().port + '\n'));
// Bounded: the test kills it; should it not, it does not outlive a test run.
setTimeout(() => process.exit(0), 120000).unref();
