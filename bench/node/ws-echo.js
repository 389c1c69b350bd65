// Node baseline for bench/run ws-echo: the npm `ws` server echoing every message on /echo.
// usage: node ws-echo.js PORT   (prints "listening on PORT" once bound; 127.0.0.1 only)
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ host: '127.0.0.1', port: +process.argv[2] || 0, path: '/echo', perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => ws.terminate());
});
wss.on('listening', () => console.error(`listening on ${wss.address().port}`));
