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
p(`Run ${v(m.date)} · ${v(m.nproc)} CPUs (${v(m.cpu)}), ${v(m.mem_gib)} GiB, Linux ${v(m.kernel)} · ${v(m.jdk)} · `
  + `rtc serve ${m.rtc_jar && !m.rtc_jar.endsWith('target/rtc.jar') ? m.rtc_jar : 'target/rtc.jar at ' + v(m.rtc_commit)}, JVM options: ${m.rtc_java_opts ? '`' + m.rtc_java_opts + '`' : 'none (defaults)'}, serve options: ${m.rtc_serve_args ? '`' + m.rtc_serve_args + '`' : 'none'}, ${v(m.rtc_gc)}, max heap ${v(m.rtc_max_heap_mib)} MiB · `
  + `Node ${v(m.node)}, ws ${v(m.ws)} · nginx ${v(m.nginx)} + Nchan ${v(m.nchan)} · websocketd ${v(m.websocketd)} · `
  + `load average at start ${v(m.load_avg)} · open files limit ${v(m.nofile)}`);
p();
p('CPU columns: server / load generator / everything else on the machine, in % of one core over the measured window.');
p();

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
process.stdout.write(out.join('\n'));
