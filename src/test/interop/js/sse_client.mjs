// EventSource client for rtc's interop tests, on the npm package eventsource (WHATWG semantics:
// reconnects after the server's retry: with Last-Event-ID).
// Usage: node sse_client.mjs URL COUNT; prints each event, exits 0 after COUNT messages (binary events count).
import { EventSource } from 'eventsource';

const [url, count] = process.argv.slice(2);
const say = (...parts) => process.stdout.write(parts.join(' ') + '\n');
setTimeout(() => { say('timeout'); process.exit(3); }, 12000).unref();

let received = 0;
const es = new EventSource(url);
es.onopen = () => say('open');
es.onerror = (e) => say('error', 'readyState=' + es.readyState + (e.message ? ' ' + e.message : ''));
es.addEventListener('rtc-gap', (e) => say('gap', e.data));
const counted = (kind) => (e) => {
  say(kind, e.lastEventId, e.data);
  if (++received === Number(count)) {
    es.close();
    process.exit(0);
  }
};
es.onmessage = counted('message');
es.addEventListener('binary', counted('binary'));
