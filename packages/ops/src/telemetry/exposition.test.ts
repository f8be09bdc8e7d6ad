// The exposition parser against dcgm-exporter and node_exporter output, malformed lines, far-off
// timestamps and non-finite values; and the host and GPU a sample maps to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SKEW_MS, MAX_LINE_CHARS, parseExposition } from './exposition.js';
import { hostOf, stripPort, targetOf } from './targets.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../test-fixtures/${name}`, import.meta.url), 'utf8');
const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);

describe('parseExposition on dcgm-exporter output', () => {
  const result = parseExposition(fixture('dcgm-exporter-h100.prom'), { nowMs: NOW });

  it('reads every sample line of an 8-GPU H100 scrape without an error', () => {
    expect(result.errors).toEqual([]);
    expect(result.rejected).toBe(0);
    expect(result.lines).toBe(230);
    expect(result.samples).toHaveLength(23 * 8);
  });

  it('keeps the labels, the value and the ingest time', () => {
    const power = result.samples.filter((s) => s.metric === 'DCGM_FI_DEV_POWER_USAGE');
    expect(power).toHaveLength(8);
    const first = power[0];
    expect(first?.value).toBe(662.418);
    expect(first?.tsMs).toBe(NOW);
    expect({ ...first?.labels }).toEqual({
      gpu: '0',
      UUID: 'GPU-5f2b8c1e-3a4d-9e7f-1b2c-0d9e8f7a6b50',
      pci_bus_id: '00000000:18:00.0',
      device: 'nvidia0',
      modelName: 'NVIDIA H100 80GB HBM3',
      Hostname: 'gpu-h1-r01-k03-u09',
      DCGM_FI_DRIVER_VERSION: '550.54.15',
    });
    expect(targetOf(first?.labels ?? {})).toEqual({
      host: 'gpu-h1-r01-k03-u09',
      gpu: 0,
      uuid: 'GPU-5f2b8c1e-3a4d-9e7f-1b2c-0d9e8f7a6b50',
    });
  });

  it('records the TYPE of each family', () => {
    expect(result.types['DCGM_FI_DEV_XID_ERRORS']).toBe('gauge');
    expect(result.types['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION']).toBe('counter');
  });

  it('reads the last XID of GPU 5 as its code', () => {
    const xid = result.samples.filter((s) => s.metric === 'DCGM_FI_DEV_XID_ERRORS');
    expect(xid.map((s) => s.value)).toEqual([0, 0, 0, 0, 0, 13, 0, 0]);
  });
});

describe('parseExposition on node_exporter and IPMI exporter output', () => {
  const text = fixture('node-exporter.prom');
  const result = parseExposition(text, {
    nowMs: NOW,
    defaultLabels: { instance: 'gpu-h1-r01-k03-u09:9100' },
  });

  it('reads summaries, counters in exponent notation and escaped-free info labels', () => {
    expect(result.errors).toEqual([]);
    const sum = result.samples.find((s) => s.metric === 'go_gc_duration_seconds_sum');
    expect(sum?.value).toBe(0.118407312);
    const q = result.samples.find(
      (s) => s.metric === 'go_gc_duration_seconds' && s.labels['quantile'] === '0.5',
    );
    expect(q?.value).toBe(4.1208e-5);
    const idle = result.samples.find((s) => s.metric === 'node_cpu_seconds_total');
    expect(idle?.value).toBe(1.73425681e6);
    expect(result.types['go_gc_duration_seconds']).toBe('summary');
  });

  it('adds the default labels, so the host comes from instance without its port', () => {
    const inlet = result.samples.find(
      (s) => s.metric === 'ipmi_temperature_celsius' && s.labels['name'] === 'Inlet Temp',
    );
    expect(inlet?.value).toBe(24);
    expect(inlet && hostOf(inlet.labels)).toBe('gpu-h1-r01-k03-u09');
    const bare = result.samples.find((s) => s.metric === 'node_load1');
    expect(bare?.labels).toEqual({ instance: 'gpu-h1-r01-k03-u09:9100' });
  });
});

describe('parseExposition on edge cases', () => {
  const parse = (text: string, nowMs = NOW) => parseExposition(text, { nowMs });

  it('reads timestamps, tabs, CRLF, trailing commas, spaces after commas and blank lines', () => {
    const r = parse(
      `\n  \r\nup{a="1", b="2",} 1 ${NOW - 1000}\r\nup\t{a="3"}\t2\t${NOW + 5}\nup{} 3\nup 4   \n`,
    );
    expect(r.errors).toEqual([]);
    expect(r.samples.map((s) => [s.value, s.tsMs])).toEqual([
      [1, NOW - 1000],
      [2, NOW + 5],
      [3, NOW],
      [4, NOW],
    ]);
    expect(r.samples[0]?.labels).toEqual({ a: '1', b: '2' });
    expect(r.lines).toBe(6);
  });

  it('unescapes \\\\, \\" and \\n in label values and keeps other pairs as written', () => {
    const r = parse('m{path="C:\\\\dcgm",msg="say \\"hi\\"\\nbye",odd="a\\tb",br="}{,"} 1\n');
    expect(r.errors).toEqual([]);
    expect(r.samples[0]?.labels).toEqual({
      path: 'C:\\dcgm',
      msg: 'say "hi"\nbye',
      odd: 'a\\tb',
      br: '}{,',
    });
  });

  it('reads histogram buckets with le="+Inf" and values in every float notation', () => {
    const r = parse(
      [
        '# TYPE http_request_duration_seconds histogram',
        'http_request_duration_seconds_bucket{le="0.1"} 8',
        'http_request_duration_seconds_bucket{le="+Inf"} 10',
        'http_request_duration_seconds_sum 1.5e+00',
        'http_request_duration_seconds_count 10',
        'x -0.5',
        'x .25',
        'x +3',
        'x 1E-3',
      ].join('\n'),
    );
    expect(r.errors).toEqual([]);
    expect(r.samples.map((s) => s.value)).toEqual([8, 10, 1.5, 10, -0.5, 0.25, 3, 0.001]);
    expect(r.samples[1]?.labels['le']).toBe('+Inf');
    expect(r.types['http_request_duration_seconds']).toBe('histogram');
  });

  it('rejects NaN and infinities with a reason, keeping the other lines', () => {
    const r = parse('a NaN\nb +Inf\nc -Inf\nd 7\n');
    expect(r.samples.map((s) => s.metric)).toEqual(['d']);
    expect(r.rejected).toBe(3);
    expect(r.errors[0]).toEqual({
      line: 1,
      reason: 'value of a is NaN: not a reading, so not stored',
    });
    expect(r.errors[1]?.reason).toContain('non-finite');
    expect(r.errors[2]?.line).toBe(3);
  });

  it('rejects a timestamp further than the skew from the ingest clock', () => {
    const old = NOW - 2 * DEFAULT_MAX_SKEW_MS;
    const r = parse(`m 1 ${old}\nm 2 ${NOW + DEFAULT_MAX_SKEW_MS + 1}\nm 3 ${NOW - 3_000_000}\n`);
    expect(r.samples.map((s) => s.value)).toEqual([3]);
    expect(r.errors[0]?.line).toBe(1);
    expect(r.errors[0]?.reason).toBe(
      `timestamp ${old} (2025-06-02T10:00:00.000Z) of m is 2.0 h behind the ingest clock; at most 1.0 h either way is accepted`,
    );
    expect(r.errors[1]?.reason).toContain('ahead of');
    const tight = parseExposition('m 1 ' + String(NOW - 61_000), { nowMs: NOW, maxSkewMs: 60_000 });
    expect(tight.rejected).toBe(1);
  });

  it('names what was expected and what was found on malformed lines, and never throws', () => {
    const lines = [
      'm{gpu=0} 1', // 1: unquoted label value
      'm{gpu="0" 1', // 2: missing comma or brace
      'm{"gpu"="0"} 1', // 3: quoted label name
      'm{gpu="0} 1', // 4: unclosed value
      'm{gpu="0"}', // 5: missing value
      'm', // 6: missing value
      'm{gpu="0",gpu="1"} 1', // 7: duplicate label
      '\u0000\u0001\u00ff garbage', // 8: garbage bytes
      'm 12abc', // 9: bad value
      'm 1 17e9', // 10: bad timestamp
      'm 1 2 3', // 11: text after timestamp
      '9m 1', // 12: bad metric name
      'm-x 1', // 13: bad character in the name
      '# TYPE m gauges', // 14: bad TYPE
      '# HELP', // 15: HELP without a name
      'ok 1', // 16: fine
    ];
    const r = parse(lines.join('\n'));
    expect(r.samples.map((s) => s.metric)).toEqual(['ok']);
    expect(r.rejected).toBe(15);
    const byLine = new Map(r.errors.map((e) => [e.line, e.reason]));
    expect(byLine.get(1)).toBe('expected a quoted value for label gpu of m, found "0} 1"');
    expect(byLine.get(2)).toBe('expected "," or "}" after the value of label gpu of m, found "1"');
    expect(byLine.get(3)).toContain('expected a label name');
    expect(byLine.get(4)).toContain('is not closed');
    expect(byLine.get(5)).toBe('expected a value after m, found the end of the line');
    expect(byLine.get(6)).toBe('expected a value after m, found the end of the line');
    expect(byLine.get(7)).toBe('label gpu appears twice in the labels of m');
    expect(byLine.get(8)).toBe(
      'expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), found "\\u0000\\u0001ÿ garbage"',
    );
    expect(byLine.get(9)).toBe(
      'expected a number, NaN, +Inf or -Inf as the value of m, found "12abc"',
    );
    expect(byLine.get(10)).toContain('expected a timestamp in integer milliseconds');
    expect(byLine.get(11)).toContain('expected the end of the line after the timestamp');
    expect(byLine.get(12)).toContain('expected a metric name');
    expect(byLine.get(13)).toBe('expected "{" or a space after the metric name m, found "-x 1"');
    expect(byLine.get(14)).toContain('expected counter, gauge, histogram, summary or untyped');
    expect(byLine.get(15)).toContain('expected a metric name after # HELP');
  });

  it('rejects a huge line unread and goes on with the next', () => {
    const huge = `m{a="${'x'.repeat(MAX_LINE_CHARS)}"} 1`;
    const r = parse(`${huge}\nm 2\n`);
    expect(r.samples.map((s) => s.value)).toEqual([2]);
    expect(r.errors[0]?.line).toBe(1);
    expect(r.errors[0]?.reason).toMatch(/^line too long: 65,5\d\d characters, at most 65,536/);
  });

  it('lists the first 100 errors and counts them all', () => {
    const r = parse(Array.from({ length: 250 }, () => 'bad line').join('\n'));
    expect(r.errors).toHaveLength(100);
    expect(r.rejected).toBe(250);
    expect(r.errors[99]?.line).toBe(100);
  });

  it('treats ordinary comments as comments and a label named __proto__ as a label', () => {
    const r = parse('# a comment\n#HELPER text\nm{__proto__="x",constructor="y"} 1\n');
    expect(r.errors).toEqual([]);
    expect(r.samples[0]?.labels['__proto__']).toBe('x');
    expect(r.samples[0]?.labels['constructor']).toBe('y');
  });

  it('parses a large scrape in one pass (the speed is measured outside the tests)', () => {
    const line = (h: number, g: number) =>
      `DCGM_FI_DEV_POWER_USAGE{gpu="${g}",UUID="GPU-${h}-${g}",Hostname="gpu-${h}"} ${400 + g}.5`;
    const text = Array.from({ length: 20_000 }, (_, k) => line(k >> 3, k & 7)).join('\n');
    const r = parse(text);
    expect(r.samples).toHaveLength(20_000);
    expect(r.samples[19_999]?.labels['Hostname']).toBe('gpu-2499');
  });
});

describe('targets', () => {
  it('takes Hostname, then hostname, then instance without the port', () => {
    expect(hostOf({ Hostname: 'a', hostname: 'b', instance: 'c:1' })).toBe('a');
    expect(hostOf({ Hostname: '', hostname: 'b', instance: 'c:1' })).toBe('b');
    expect(hostOf({ instance: 'gpu-07.dc.example:9100' })).toBe('gpu-07.dc.example');
    expect(hostOf({})).toBeNull();
  });

  it('strips ports from host names and IPv6 addresses only', () => {
    expect(stripPort('10.0.0.7:9400')).toBe('10.0.0.7');
    expect(stripPort('[fd00::7]:9100')).toBe('fd00::7');
    expect(stripPort('fd00::7')).toBe('fd00::7');
    expect(stripPort('gpu-01')).toBe('gpu-01');
    expect(stripPort('gpu-01:metrics')).toBe('gpu-01:metrics');
  });

  it('reads the GPU index only when it is a whole number', () => {
    expect(targetOf({ gpu: '7', UUID: 'GPU-x' })).toEqual({ host: null, gpu: 7, uuid: 'GPU-x' });
    expect(targetOf({ gpu: 'all' }).gpu).toBeNull();
    expect(targetOf({ instance: 'n:9100' })).toEqual({ host: 'n', gpu: null, uuid: null });
  });
});
