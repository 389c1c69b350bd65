// WebSocket client for rtc's interop tests, on the npm package ws.
// Usage: node ws_client.mjs COMMAND URL [ARG]; prints one line per event for the JUnit test to compare.
import WebSocket from 'ws';

const [command, url, arg] = process.argv.slice(2);
const say = (...parts) => process.stdout.write(parts.join(' ') + '\n');
// Bounded: a server that stays silent fails the test instead of hanging it.
setTimeout(() => { say('timeout'); process.exit(3); }, 8000).unref();

const ws = new WebSocket(url, { perMessageDeflate: true });
ws.on('error', (e) => { say('error', e.message); process.exit(1); });
ws.on('close', (code, reason) => say('closed', code, reason.toString()));

if (command === 'echo') {
  const bytes = Buffer.from([0x00, 0xff, 0x80, 0x7f, 0x0a]);
  const steps = [
    () => ws.send('héllo ✓'),
    () => ws.send(bytes),
    () => ws.ping('are you there'),
    () => ws.close(1000, 'bye'),
  ];
  const next = () => steps.shift()();
  ws.on('open', () => { say('open', ws.extensions); next(); });
  ws.on('message', (data, isBinary) => {
    say(isBinary ? 'binary' : 'text', isBinary ? data.toString('hex') : data.toString());
    next();
  });
  ws.on('pong', (data) => { say('pong', data.toString()); next(); });
} else if (command === 'topic') {
  // Receives whatever the topic sends; after the first message publishes ARG as text and a
  // binary frame (bytes that are not UTF-8), and closes once both came back through the topic.
  let received = 0;
  ws.on('open', () => say('open'));
  ws.on('message', (data, isBinary) => {
    say('recv', isBinary ? 'binary ' + data.toString('hex') : 'text ' + data.toString());
    received++;
    if (received === 1) {
      ws.send(arg);
      ws.send(Buffer.from([0xff, 0xfe, 0x00]));
    } else if (received === 3) {
      ws.close(1000);
    }
  });
} else {
  say('unknown command', command);
  process.exit(2);
}
