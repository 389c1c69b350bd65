// Node baseline for bench/run sse-client: the eventsource package (the project's pinned 4.1.1), printing
// each event's data on its own line to stdout, as rtc sse does; closes at the source's "end" event.
// usage: node sse-client.mjs URL   (prints "events N" on stderr at the end)
import { EventSource } from 'eventsource';

const es = new EventSource(process.argv[2]);
let n = 0;
es.onmessage = (e) => { n++; process.stdout.write(e.data + '\n'); };
es.addEventListener('end', () => {
  es.close();
  process.stderr.write(`events ${n}\n`);
});
es.onerror = (e) => { process.stderr.write(`error ${e.message || e.type}\n`); es.close(); process.exitCode = 1; };
