// Turns bench/out/<run>/results.jsonl into the Markdown tables of bench/README.md, with the targets judged.
// usage: node bench/report.js results.jsonl > results.md
'use strict';
const fs = require('fs');

const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim())
  .map((l) => { try { return JSON.parse(l); } catch { return { bench: 'error', error: l }; } });
const of = (bench) => rows.filter((r) => r.bench === bench);
const v = (x, unit = '') => (x === null || x === undefined ? '–' : `${x}${unit}`);
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) + '×' : '–');
const median = (xs) => { const s = xs.filter((x) => x != null).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const med = (bench, label, key) => median(of(bench).filter((r) => r.label === label).map((r) => r[key]));
const cpu = (r) => `${v(r.server_cpu_pct, '%')} / ${v(r.client_cpu_pct, '%')} / ${v(r.others_cpu_pct, '%')}`;
const out = [];
const p = (s = '') => out.push(s);

const m = of('machine')[0] || {};
// The default jar is this checkout's; RTC_JAR may name a build elsewhere, even one whose path also ends in target/rtc.jar.
const ROOT_JAR = require('path').resolve(__dirname, '..', 'target', 'rtc.jar');
p(`Run ${v(m.date)} · ${v(m.nproc)} CPUs (${v(m.cpu)}), ${v(m.mem_gib)} GiB, Linux ${v(m.kernel)} · ${v(m.jdk)} · `
  + `rtc ${m.rtc_jar && m.rtc_jar !== ROOT_JAR ? m.rtc_jar : 'target/rtc.jar at ' + v(m.rtc_commit)}, JVM options: ${m.rtc_java_opts ? '`' + m.rtc_java_opts + '`' : 'none (defaults)'}, serve options: ${m.rtc_serve_args ? '`' + m.rtc_serve_args + '`' : 'none'}, ${v(m.rtc_gc)}, max heap ${v(m.rtc_max_heap_mib)} MiB · `
  + `Node ${v(m.node)}, ws ${v(m.ws)} · curl ${v(m.curl)} · nginx ${v(m.nginx)} + Nchan ${v(m.nchan)} · websocketd ${v(m.websocketd)} · `
  + (m.redis ? `redis-server ${m.redis} · ` : '')
  + `load average at start ${v(m.load_avg)} · open files limit ${v(m.nofile)}`);
p();
if (rows.some((r) => /^(ws-|sse-)/.test(r.bench))) {
  p('CPU columns: server / load generator / everything else on the machine, in % of one core over the measured window.');
  p();
}
if (rows.some((r) => r.bench.startsWith('http-'))) {
  p('HTTP client tables: CPU columns are client / server / everything else on the machine, in % of one core over the client\'s run; CPU per request is user + system time divided by the requests made.');
  p();
}

const echo = of('ws-echo');
if (echo.length) {
  const node = med('ws-echo', 'node-ws', 'msgs_per_s');
  p('### WebSocket echo, pipelined (8 connections × 100 in flight, 32-byte text)');
  p();
  p('| server | messages/s | vs node ws | msgs per server CPU-second | CPU server / gen / others | bad echoes | errors |');
  p('| --- | ---: | ---: | ---: | --- | ---: | --- |');
  for (const r of echo) {
    p(`| ${r.label} | ${v(r.msgs_per_s)} | ${ratio(r.msgs_per_s, node)} | ${v(r.msgs_per_server_cpu_s)} | ${cpu(r)} | ${v(r.out_of_order_or_corrupt)} | ${r.connection_errors ? r.error : 0} |`);
  }
  p();
}

const lat = of('ws-latency');
if (lat.length) {
  const t50 = med('ws-latency', 'tcp', 'p50_us'), t99 = med('ws-latency', 'tcp', 'p99_us');
  const b50 = med('ws-latency', 'tcp-blocking', 'p50_us'), b99 = med('ws-latency', 'tcp-blocking', 'p99_us');
  p('### Round trips, one 32-byte message at a time (µs, send → echo received)');
  p();
  p('| server | round trips | p50 | p90 | p99 | max | p50 / p99 vs tcp (netty) | p50 / p99 vs tcp (blocking) | CPU server / gen / others |');
  p('| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |');
  for (const r of lat) {
    p(`| ${r.label} | ${v(r.round_trips)} | ${v(r.p50_us)} | ${v(r.p90_us)} | ${v(r.p99_us)} | ${v(r.max_us)} | `
      + `${ratio(r.p50_us, t50)} / ${ratio(r.p99_us, t99)} | ${ratio(r.p50_us, b50)} / ${ratio(r.p99_us, b99)} | ${cpu(r)} |`);
  }
  p();
}

for (const subs of [1000, 5000]) {
  const fan = of('sse-fanout').filter((r) => r.subscribers === subs);
  if (!fan.length) continue;
  p(`### SSE fan-out: ${subs.toLocaleString('en')} subscribers × ${fan[0].rate} events/s for ${fan[0].seconds} s (latency publish → received, ms)`);
  p();
  p('| server | publishes answered | delivered / expected | p50 | p90 | p99 | p99.9 | max | CPU server / gen / others | events per server CPU-second | subscribers lost | connect s |');
  p('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const r of fan) {
    p(`| ${r.label} | ${v(r.published_ok)} / ${v(r.published_planned)} | ${v(r.delivered)} / ${v(r.expected)} (${v(r.delivered_pct)}%) | ${v(r.p50_ms)} | ${v(r.p90_ms)} | ${v(r.p99_ms)} | `
      + `${v(r.p999_ms)} | ${v(r.max_ms)} | ${cpu(r)} | ${v(r.events_per_server_cpu_s)} | ${v(r.subscribers_lost)} | ${v(r.connect_s)} |`);
  }
  p();
}

for (const subs of [1000, 5000]) {
  const h2 = of('sse-h2').filter((r) => r.subscribers === subs);
  if (!h2.length) continue;
  const h1cpu = median(h2.filter((r) => r.label === 'rtc-h1').map((r) => r.events_per_server_cpu_s));
  p(`### SSE fan-out over HTTP/2: ${subs.toLocaleString('en')} subscribers × ${h2[0].rate} events/s for ${h2[0].seconds} s (latency publish → received, ms)`);
  p();
  p('| server | protocol | connections | publishes answered | delivered / expected | p50 | p90 | p99 | p99.9 | max | CPU server / gen / others | events per server CPU-second | server CPU per event vs rtc-h1 | subscribers lost |');
  p('| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const r of h2.filter((x) => x.subscribers === subs)) {
    p(`| ${r.label} | ${r.protocol} | ${v(r.connections)} | ${v(r.published_ok)} / ${v(r.published_planned)} | ${v(r.delivered)} / ${v(r.expected)} (${v(r.delivered_pct)}%) | ${v(r.p50_ms)} | ${v(r.p90_ms)} | ${v(r.p99_ms)} | `
      + `${v(r.p999_ms)} | ${v(r.max_ms)} | ${cpu(r)} | ${v(r.events_per_server_cpu_s)} | ${ratio(h1cpu, r.events_per_server_cpu_s)} | ${v(r.subscribers_lost)} |`);
  }
  p();
}

// bench/run cluster: instances sharing one topic space on Redis, beside one instance without Redis; one table
// per load (500 subscribers in all, where nothing is saturated, and 2,000).
const cluster = of('sse-cluster');
const clusterLoads = [...new Set(cluster.map((r) => r.subscribers))].sort((a, b) => a - b);
for (const subs of clusterLoads) {
  const rows = cluster.filter((r) => r.subscribers === subs), LOCAL = `rtc-local-${subs}`;
  const pick = (label, key) => median(rows.filter((r) => r.label === label).map((r) => r[key]));
  const l50 = pick(LOCAL, 'p50_ms'), l99 = pick(LOCAL, 'p99_ms');
  const diff = (x, base) => (x == null || base == null ? '–' : `${x - base >= 0 ? '+' : ''}${(x - base).toFixed(2)}`);
  p(`### SSE fan-out across instances on one Redis: ${subs.toLocaleString('en')} subscribers × ${rows[0].rate} events/s for ${rows[0].seconds} s (latency publish → received, ms)`);
  p();
  p(`Rows: NAME-IxS is I instances with S subscribers each (publishes alternate over the instances, so most events cross Redis from one instance to the other); ${LOCAL} is one rtc serve without --redis, rtc-local-2x${subs / 2} two of them with every publish sent to both (the machine shared as by rtc-2x${subs / 2}, without the Redis hop), nchan-local-${subs} one nginx + Nchan without Redis. `
    + (m.cluster_split === undefined ? '' : m.cluster_split === 0 ? 'Every instance of a two-instance row ran with the threads one instance takes alone. '
      : 'Each instance of a two-instance row ran with half the threads one instance takes alone (rtc: `--threads` 2 × cores / 2; nginx: a worker per 2 cores), as on a machine of its own with half the cores (CLUSTER_SPLIT). ')
    + 'CPU columns as above, the server column summing the instances; Redis CPU is counted apart, and events per CPU-second are given for the servers alone and for servers and Redis together.');
  p();
  p(`| row | instances | publishes answered | delivered / expected | p50 | p90 | p99 | p99.9 | max | p50 / p99 vs ${LOCAL} | CPU server / gen / others | Redis CPU | events per server CPU-second | with Redis | subscribers lost |`);
  p('| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    p(`| ${r.label} | ${v(r.instances ?? 1)} | ${v(r.published_ok)} / ${v(r.published_planned)} | ${v(r.delivered)} / ${v(r.expected)} (${v(r.delivered_pct)}%) | ${v(r.p50_ms)} | ${v(r.p90_ms)} | ${v(r.p99_ms)} | `
      + `${v(r.p999_ms)} | ${v(r.max_ms)} | ${r.label === LOCAL ? '–' : `${diff(r.p50_ms, l50)} / ${diff(r.p99_ms, l99)}`} | ${cpu(r)} | ${v(r.redis_cpu_pct, '%')} | ${v(r.events_per_server_cpu_s)} | `
      + `${v(r.events_per_cpu_s_with_redis)} | ${v(r.subscribers_lost)} |`);
  }
  p();
  // Within one run of a row that shares a topic space: the deliveries of events published on another
  // instance against those published on the subscriber's own, round by round (the machine the same for both).
  for (const r2 of [...new Set(rows.filter((r) => r.p99_other_ms != null).map((r) => r.label))]) {
    const runs = rows.filter((r) => r.label === r2 && r.p99_other_ms != null);
    const d50 = median(runs.map((r) => r.p50_other_ms - r.p50_same_ms)), d99 = median(runs.map((r) => r.p99_other_ms - r.p99_same_ms));
    p(`${r2}, events published on the other instance against those published on the subscriber's own (same runs; p99 ${runs.map((r) => `${v(r.p99_other_ms)} vs ${v(r.p99_same_ms)}`).join(', ')} ms): median difference p50 ${diff(d50, 0)} ms, p99 ${diff(d99, 0)} ms.`);
    p();
  }
  // rtc's own count of the hop: each --redis instance's publishes' Redis round trips in the measured window.
  for (const r2 of [...new Set(rows.filter((r) => r.redis_publishes).map((r) => r.label))]) {
    const runs = rows.filter((r) => r.label === r2 && r.redis_publishes);
    p(`${r2}, publish → Redis → answer on the loop that sent it (rtc_redis_command_seconds, ${runs.map((r) => v(r.redis_publishes)).join(', ')} publishes): `
      + `mean ${runs.map((r) => v(r.redis_publish_mean_ms)).join(', ')} ms; p50 ≤ ${runs.map((r) => v(r.redis_publish_p50_le_ms)).join(', ')} ms; `
      + `p99 ≤ ${runs.map((r) => v(r.redis_publish_p99_le_ms)).join(', ')} ms (histogram buckets).`);
    p();
  }
  const n50 = pick(`nchan-local-${subs}`, 'p50_ms'), n99 = pick(`nchan-local-${subs}`, 'p99_ms');
  const r50 = pick(`nchan-redis-2x${subs / 2}`, 'p50_ms'), r99 = pick(`nchan-redis-2x${subs / 2}`, 'p99_ms');
  if (n99 != null && r99 != null) {
    p(`Nchan's own Redis hop (nchan-redis-2x${subs / 2} against nchan-local-${subs}, one nginx without Redis; medians): p50 ${diff(r50, n50)} ms, p99 ${diff(r99, n99)} ms.`);
    p();
  }
}

const h2l = of('h2load');
if (h2l.length) {
  p(`### h2load: ${h2l[0].requests.toLocaleString('en')} requests, 10 connections × 10 streams (HTTP/2 with prior knowledge; rtc-h1: h2load --h1)`);
  p();
  p('| server | route | protocol | requests/s | 2xx | server CPU µs per request | CPU server / h2load / others | exit |');
  p('| --- | --- | --- | ---: | ---: | ---: | --- | ---: |');
  for (const r of h2l) {
    p(`| ${r.label} | ${r.route} | ${r.protocol} | ${v(r.req_per_s)} | ${v(r.ok_2xx)} | ${v(r.server_cpu_us_per_req)} | ${cpu(r)} | ${v(r.exit)} |`);
  }
  p();
}

const idle = of('sse-idle');
if (idle.length) {
  p(`### Idle SSE connections held (${idle[0].connections.toLocaleString('en')})`);
  p();
  p('| server | open | RSS before → after (MiB) | RSS per connection | PSS per connection | JVM live heap per connection (after full GC) | one publish reached | in |');
  p('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of idle) {
    p(`| ${r.label} | ${v(r.open_after_settle)} | ${v(r.rss_before_mib)} → ${v(r.rss_after_mib)} | ${v(r.rss_per_conn_kib, ' KiB')} | `
      + `${v(r.pss_per_conn_kib, ' KiB')} | ${v(r.live_heap_per_conn_kib, ' KiB')} | ${v(r.one_publish_delivered)} | ${v(r.one_publish_all_in_ms, ' ms')} |`);
  }
  p();
}

// The HTTP clients (poll, longpoll, stream): each row is one client process (or shell loop) run to its end.
const CURL_LOOP = 'curl loop (a process per request)', CURL_K = 'curl -K (one process, keep-alive)';
const LP_LOOP = 'curl loop + sed (a process per request)';
const RTC_POLL = 'rtc poll -i 0', RTC_LP = 'rtc longpoll --cursor /last_id';
const ccpu = (r) => `${v(r.client_cpu_pct, '%')} / ${v(r.server_cpu_pct, '%')} / ${v(r.others_cpu_pct, '%')}`;
const startupCell = (r) => (r.startup_wall_ms == null ? '–' : `${r.startup_wall_ms} / ${r.startup_cpu_ms}`);
const netCell = (r) => (r.net_req_per_s == null ? '–' : `${r.net_req_per_s} /s, ${r.net_client_cpu_us_per_req} µs`);
const httpRatios = [];
const poll = of('http-poll');
if (poll.length) {
  p('### rtc poll against curl: GET /poll/bench on rtc serve, as fast as each client goes (one small JSON body each, printed to /dev/null)');
  p();
  p('| client | requests | requests/s | client CPU µs per request | server CPU µs per request | start-up: one request alone, ms wall / CPU | net of that start-up: requests/s, client CPU per request | connections | server counted | CPU client / server / others | exit |');
  p('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const r of poll) {
    p(`| ${r.label} | ${v(r.requests)} | ${v(r.req_per_s)} | ${v(r.client_cpu_us_per_req)} | ${v(r.server_cpu_us_per_req)} | ${startupCell(r)} | ${netCell(r)} | `
      + `${v(r.connections)} | ${v(r.server_requests)} | ${ccpu(r)} | ${v(r.exit)} |`);
  }
  p();
  const m = (label, key) => med('http-poll', label, key);
  httpRatios.push(['poll: requests/s', ratio(m(RTC_POLL, 'req_per_s'), m(CURL_LOOP, 'req_per_s')), ratio(m(RTC_POLL, 'req_per_s'), m(CURL_K, 'req_per_s'))]);
  httpRatios.push(['poll: requests/s, net of start-up', ratio(m(RTC_POLL, 'net_req_per_s'), m(CURL_LOOP, 'req_per_s')), ratio(m(RTC_POLL, 'net_req_per_s'), m(CURL_K, 'net_req_per_s'))]);
  httpRatios.push(['poll: client CPU per request', ratio(m(RTC_POLL, 'client_cpu_us_per_req'), m(CURL_LOOP, 'client_cpu_us_per_req')), ratio(m(RTC_POLL, 'client_cpu_us_per_req'), m(CURL_K, 'client_cpu_us_per_req'))]);
  httpRatios.push(['poll: client CPU per request, net of start-up', ratio(m(RTC_POLL, 'net_client_cpu_us_per_req'), m(CURL_LOOP, 'client_cpu_us_per_req')), ratio(m(RTC_POLL, 'net_client_cpu_us_per_req'), m(CURL_K, 'net_client_cpu_us_per_req'))]);
  httpRatios.push(['poll: server CPU per request', ratio(m(RTC_POLL, 'server_cpu_us_per_req'), m(CURL_LOOP, 'server_cpu_us_per_req')), ratio(m(RTC_POLL, 'server_cpu_us_per_req'), m(CURL_K, 'server_cpu_us_per_req'))]);
}
const lp = of('http-longpoll');
if (lp.length) {
  p(`### rtc longpoll against a curl loop: GET /longpoll/{topic}?since=<last_id> while ${v(lp[0].published_rate)} messages/s are published to it`);
  p();
  p('| client | requests | requests/s | client CPU µs per request | server CPU µs per request (publishing included) | start-up: one request alone, ms wall / CPU | net of that start-up: requests/s, client CPU per request | ids seen (first–last) | per body | duplicated / missing | every id once | CPU client / server / others | exit |');
  p('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |');
  for (const r of lp) {
    const per = r.bodies ? (r.ids_seen / r.bodies).toFixed(1) : '–';
    p(`| ${r.label} | ${v(r.requests)} | ${v(r.req_per_s)} | ${v(r.client_cpu_us_per_req)} | ${v(r.server_cpu_us_per_req)} | ${startupCell(r)} | ${netCell(r)} | `
      + `${v(r.ids_seen)} (${v(r.ids_first)}–${v(r.ids_last)}) | ${per} | ${v(r.ids_duplicated)} / ${v(r.ids_missing)} | ${v(r.every_id_once)} | ${ccpu(r)} | ${v(r.exit)} |`);
  }
  p();
  const m = (label, key) => med('http-longpoll', label, key);
  httpRatios.push(['longpoll: requests/s', ratio(m(RTC_LP, 'req_per_s'), m(LP_LOOP, 'req_per_s')), '–']);
  httpRatios.push(['longpoll: requests/s, net of start-up', ratio(m(RTC_LP, 'net_req_per_s'), m(LP_LOOP, 'req_per_s')), '–']);
  httpRatios.push(['longpoll: client CPU per request', ratio(m(RTC_LP, 'client_cpu_us_per_req'), m(LP_LOOP, 'client_cpu_us_per_req')), '–']);
  httpRatios.push(['longpoll: client CPU per request, net of start-up', ratio(m(RTC_LP, 'net_client_cpu_us_per_req'), m(LP_LOOP, 'client_cpu_us_per_req')), '–']);
}
const st = of('http-stream');
if (st.length) {
  const body = st.find((r) => r.bytes)?.bytes;
  const curlWall = med('http-stream', 'curl -sN', 'mib_per_s_wall'), curlXfer = med('http-stream', 'curl -sN', 'mib_per_s_transfer');
  const curlCpu = med('http-stream', 'curl -sN', 'client_cpu_s_per_gib');
  p(`### rtc stream against curl -N: one chunked body of ${body ? (body / 1048576).toLocaleString('en') + ' MiB' : '?'} (100-byte lines in 16 KiB chunks), output to /dev/null`);
  p();
  p('| client | read / sent by the server | MiB/s, wall (start-up included) | vs curl | MiB/s, transfer (server clock) | vs curl | client CPU s per GiB | vs curl | CPU client / server / others | exit |');
  p('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const r of st) {
    if (r.skipped) {
      p(`| ${r.label} | skipped: ${r.skipped} | – | – | – | – | – | – | – | – |`);
      continue;
    }
    p(`| ${r.label} | ${v(r.bytes_read)} of ${v(r.bytes)} (${v(r.complete)}) | ${v(r.mib_per_s_wall)} | ${ratio(r.mib_per_s_wall, curlWall)} | ${v(r.mib_per_s_transfer)} | ${ratio(r.mib_per_s_transfer, curlXfer)} | `
      + `${v(r.client_cpu_s_per_gib)} | ${ratio(r.client_cpu_s_per_gib, curlCpu)} | ${ccpu(r)} | ${v(r.exit)} |`);
  }
  p();
  for (const mode of ['--chunks', '--lines']) {
    const r = st.find((x) => x.label === `rtc stream ${mode}`);
    if (!r) continue;
    if (r.skipped) httpRatios.push([`stream ${mode}: bytes/s`, `skipped: ${r.skipped}`, '']);
    else {
      const m = (key) => med('http-stream', `rtc stream ${mode}`, key);
      httpRatios.push([`stream ${mode}: bytes/s (wall; transfer)`, `${ratio(m('mib_per_s_wall'), curlWall)}; ${ratio(m('mib_per_s_transfer'), curlXfer)}`, '']);
      httpRatios.push([`stream ${mode}: client CPU per byte`, ratio(m('client_cpu_s_per_gib'), curlCpu), '']);
    }
  }
}
if (httpRatios.length) {
  p('### rtc ÷ curl, same run (requests/s and bytes/s: above 1 is rtc faster; CPU: above 1 is rtc costlier)');
  p();
  p('| measure | rtc ÷ curl loop (poll, longpoll) or curl -N (stream) | rtc ÷ curl -K (one process, keep-alive) |');
  p('| --- | ---: | ---: |');
  for (const [k, a, b] of httpRatios) p(`| ${k} | ${a} | ${b || '–'} |`);
  p();
}

const client = of('sse-client');
if (client.length) {
  const curl = med('sse-client', 'curl', 'events_per_s'), node = med('sse-client', 'node-eventsource', 'events_per_s');
  p(`### SSE client: ${client[0].events.toLocaleString('en')} events from a local source, printed to /dev/null (start-up included)`);
  p();
  p('| client | seconds | events/s | vs curl -N (no parsing) | vs Node eventsource |');
  p('| --- | ---: | ---: | ---: | ---: |');
  for (const r of client) p(`| ${r.label} | ${v(r.seconds)} | ${v(r.events_per_s)} | ${ratio(r.events_per_s, curl)} | ${ratio(r.events_per_s, node)} |`);
  p();
}

const errors = of('error');
if (errors.length) {
  p('### Failed measurements');
  p();
  for (const e of errors) p(`- ${e.label}: ${e.error}`);
  p();
}

// Targets, judged on the median over rounds.
const verdicts = [];
const judge = (name, ok, detail) => verdicts.push(`| ${name} | ${ok === 'info' ? 'reported (no target)' : ok === null ? 'not measured' : ok ? 'met' : '**not met**'} | ${detail} |`);
if (echo.length) {
  const r = med('ws-echo', 'rtc', 'msgs_per_s'), n = med('ws-echo', 'node-ws', 'msgs_per_s');
  judge('WS echo ≥ 2.5× Node ws', r && n ? r >= 2.5 * n : null, `rtc ${v(r)} msg/s vs node ${v(n)} msg/s = ${ratio(r, n)}`);
}
if (lat.length) {
  for (const base of ['tcp', 'tcp-blocking']) {
    const r50 = med('ws-latency', 'rtc', 'p50_us'), r99 = med('ws-latency', 'rtc', 'p99_us');
    const t50 = med('ws-latency', base, 'p50_us'), t99 = med('ws-latency', base, 'p99_us');
    judge(`WS round trip within 1.3× raw TCP (${base})`, r50 && t50 ? r50 <= 1.3 * t50 && r99 <= 1.3 * t99 : null,
      `p50 ${v(r50)} vs ${v(t50)} µs (${ratio(r50, t50)}), p99 ${v(r99)} vs ${v(t99)} µs (${ratio(r99, t99)})`);
  }
}
const fan1 = of('sse-fanout').filter((r) => r.subscribers === 1000);
if (fan1.length) {
  const pick = (label, key) => median(fan1.filter((r) => r.label === label).map((r) => r[key]));
  const d = pick('rtc', 'delivered_pct'), r99 = pick('rtc', 'p99_ms'), n99 = pick('node', 'p99_ms'), c99 = pick('nchan', 'p99_ms');
  judge('SSE 1,000 × 100/s: all delivered', d === null ? null : d >= 100, `rtc delivered ${v(d, '%')}`);
  judge('SSE 1,000 × 100/s: p99 no worse than Node', r99 !== null && n99 !== null ? r99 <= n99 : null,
    `rtc p99 ${v(r99)} ms vs node ${v(n99)} ms (Nchan ${v(c99)} ms)`);
}
const fan5 = of('sse-fanout').filter((r) => r.subscribers === 5000 && r.label === 'rtc');
if (fan5.length) {
  const d = median(fan5.map((r) => r.delivered_pct)), r99 = median(fan5.map((r) => r.p99_ms));
  judge('SSE 5,000 × 100/s: ≥ 90% delivered, p99 < 100 ms', d >= 90 && r99 !== null && r99 < 100, `rtc delivered ${v(d, '%')}, p99 ${v(r99)} ms`);
}
for (const subs of [1000, 5000]) {
  const pick = (label, key) => median(of('sse-h2').filter((r) => r.subscribers === subs && r.label === label).map((r) => r[key]));
  const h1 = pick('rtc-h1', 'events_per_server_cpu_s'), h2 = pick('rtc-h2', 'events_per_server_cpu_s'), d = pick('rtc-h2', 'delivered_pct');
  if (h2 === null) continue;
  judge(`SSE over HTTP/2, ${subs.toLocaleString('en')} × 100/s: every event, CPU per event ≤ 1.5× HTTP/1.1`, d >= 100 && h1 !== null && h1 / h2 <= 1.5,
    `delivered ${v(d, '%')}; CPU per event h2 ÷ h1 = ${ratio(h1, h2)}`);
}
for (const route of ['publish', 'poll']) {
  const pick = (label) => median(of('h2load').filter((r) => r.route === route && r.label === label && r.ok_2xx === r.requests).map((r) => r.req_per_s));
  const r = pick('rtc'), n = pick('nchan');
  if (r === null) continue;
  judge(`h2load ${route}: rtc's h2 requests/s ≥ Nchan's`, n === null ? null : r >= n, `rtc ${v(r)} /s vs Nchan ${v(n)} /s = ${ratio(r, n)}`);
}
for (const subs of clusterLoads) {
  const rows = cluster.filter((r) => r.subscribers === subs), LOCAL = `rtc-local-${subs}`;
  const pick = (label, key) => median(rows.filter((r) => r.label === label).map((r) => r[key]));
  // Each Redis row against rtc-local-N (one instance without Redis) and, for two instances, also against
  // rtc-local-2xS: two instances without Redis on the same machine, so that only the Redis hop differs.
  const LOCAL2 = `rtc-local-2x${subs / 2}`;
  for (const [label, what, base] of [[`rtc-1x${subs}`, 'one instance', LOCAL], [`rtc-2x${subs / 2}`, 'two instances, publishes alternating', LOCAL],
    [`rtc-2x${subs / 2}`, 'two instances against two without Redis', LOCAL2]]) {
    if (!rows.some((r) => r.label === label) || (base === LOCAL2 && !rows.some((r) => r.label === base))) continue;
    const l99 = pick(base, 'p99_ms');
    const r99 = pick(label, 'p99_ms'), d = pick(label, 'delivered_pct');
    // Every publish answered too: expected counts only answered ones, so a server that falls behind on
    // answering could otherwise show 100% delivered.
    const runs = rows.filter((r) => r.label === label), answered = median(runs.map((r) => r.published_ok));
    const planned = runs[0].published_planned;
    judge(`Redis hop (${what}, ${subs.toLocaleString('en')} subscribers): every publish answered and delivered, p99 of ${label} no more than 2 ms above ${base} at 100 events/s`,
      r99 === null || l99 === null || d === null ? null : answered >= planned && d >= 100 && r99 <= l99 + 2,
      `answered ${v(answered)} / ${v(planned)}, delivered ${v(d, '%')}; p99 ${v(r99)} ms vs ${v(l99)} ms (${r99 !== null && l99 !== null ? `${r99 - l99 >= 0 ? '+' : ''}${(r99 - l99).toFixed(2)}` : '–'} ms)`);
  }
}
if (idle.length) {
  const r = median(idle.filter((x) => x.label === 'rtc').map((x) => x.rss_per_conn_kib));
  judge('10,000 idle connections held: RSS per connection', r === null ? null : 'info', `rtc ${v(r, ' KiB')}`);
}
if (verdicts.length) {
  p('### Targets');
  p();
  p('| target | verdict | figures |');
  p('| --- | --- | --- |');
  for (const x of verdicts) p(x);
  p();
}
process.stdout.write(out.join('\n').replace(/\n*$/, '\n'));
