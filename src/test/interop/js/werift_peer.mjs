// A WebRTC peer rtc did not write (werift, pure TypeScript), for PeerWeriftIT: joins rtc serve's
// /signal/ROOM with rtc peer's hello/offer/answer/candidate messages (as aiortc_peer.py does), then over
// the data channel sends one text and one binary message, and FILE's bytes (if given) in binary messages
// of 64 KiB, werift's own a=max-message-size. Prints what it receives, one per line: T:<text>, B:<hex>
// for binary messages up to 64 bytes; longer ones are only counted and hashed, and reported at the
// other side's end-of-data marker (an empty binary message) as BULK <bytes> <sha256>, then END. It
// answers that marker with its own, and exits when the channel closes.
//
// ROLE fixes who offers: the room's rule is that the larger hello id offers, and rtc's ids are UUIDs,
// so '~' (after every hex digit) always offers and '!' (before them) always answers.
//
// Usage: node werift_peer.mjs ws://HOST:PORT/signal/ROOM offer|answer [FILE]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RTCPeerConnection } from 'werift';
import WebSocket from 'ws';

const [url, role, file] = process.argv.slice(2);
if (!url || !['offer', 'answer'].includes(role)) {
  process.stderr.write('usage: werift_peer.mjs URL offer|answer [FILE]\n');
  process.exit(2);
}
const say = (line) => process.stdout.write(line + '\n');
// Bounded: a peer that never connects fails the test instead of hanging it.
setTimeout(() => { process.stderr.write('werift: timeout\n'); process.exit(3); }, 60000).unref();

const me = (role === 'offer' ? '~' : '!') + 'werift';
const pc = new RTCPeerConnection({ iceServers: [] }); // host candidates only: nothing leaves the namespace
const CHUNK = 64 * 1024;
const bulk = createHash('sha256');
let bulkBytes = 0;
let other = null;

function wire(channel) {
  let opened = false;
  const onOpen = () => {
    if (opened) return;
    opened = true;
    channel.send('hello from werift ☃');
    channel.send(Buffer.from([0x00, 0x01, 0xfe, 0xff]));
    if (file) {
      const data = readFileSync(file);
      for (let i = 0; i < data.length; i += CHUNK) channel.send(data.subarray(i, Math.min(i + CHUNK, data.length)));
    }
  };
  channel.onMessage.subscribe((message) => {
    if (typeof message === 'string') {
      say('T:' + message);
    } else if (message.length === 0) {
      if (bulkBytes > 0) say(`BULK ${bulkBytes} ${bulk.digest('hex')}`);
      say('END');
      sendEnd(channel); // our end of data too
    } else if (message.length <= 64) {
      say('B:' + message.toString('hex'));
    } else {
      bulk.update(message);
      bulkBytes += message.length;
    }
  });
  channel.stateChanged.subscribe((state) => {
    if (state === 'open') onOpen();
    if (state === 'closed') finish();
  });
  if (channel.readyState === 'open') onOpen();
}

// werift's send() of an empty message sends no chunk at all yet uses up a stream sequence number, so on
// an ordered channel the other side waits forever for it and everything after. RFC 8831 says an empty
// message is one zero byte with the PPID "WebRTC Binary Empty" (57); werift reads those, so queue one
// on its SCTP transport directly.
function sendEnd(channel) {
  const WEBRTC_BINARY_EMPTY = 57;
  channel.sctp.dataChannelQueue.push([channel, WEBRTC_BINARY_EMPTY, Buffer.from([0])]);
  channel.sctp.dataChannelFlush();
}

let finished = false;
async function finish() {
  if (finished) return;
  finished = true;
  ws.close();
  await pc.close();
  process.exit(0);
}

pc.onDataChannel.subscribe(wire);

const ws = new WebSocket(url);
const send = (m) => ws.send(JSON.stringify(m));
pc.onIceCandidate.subscribe((c) => {
  if (c && c.candidate) send({ type: 'candidate', candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex });
});
ws.on('error', (e) => { process.stderr.write('werift: signalling: ' + e.message + '\n'); process.exit(1); });
ws.on('open', () => send({ type: 'hello', id: me }));
ws.on('message', async (raw) => {
  const m = JSON.parse(raw.toString());
  if (m.type === 'hello' && m.id !== me && other === null) {
    other = m.id;
    send({ type: 'hello', id: me });
    if (me > other) {
      wire(pc.createDataChannel('rtc'));
      await pc.setLocalDescription(await pc.createOffer());
      send({ type: 'offer', sdp: pc.localDescription.sdp });
    }
  } else if (m.type === 'offer') {
    await pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    send({ type: 'answer', sdp: pc.localDescription.sdp });
  } else if (m.type === 'answer') {
    await pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
  } else if (m.type === 'candidate' && m.candidate) {
    await pc.addIceCandidate({ candidate: m.candidate, sdpMid: m.sdpMid, sdpMLineIndex: m.sdpMLineIndex });
  }
});
