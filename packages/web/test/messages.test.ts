// Every string the web app shows comes from the message catalogs: both languages have the same
// keys, none is empty, and every key the code asks for exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en, zh } from '../src/i18n/messages.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });

describe('message catalogs', () => {
  it('have the same keys in English and Chinese, none empty, placeholders alike', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const other = zh[key as keyof typeof en];
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(other), key).toEqual(vars(text));
    }
  });

  it('hold every key the code uses', () => {
    const used = new Set<string>();
    for (const f of files(SRC))
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.]+)'/g))
        used.add(m[1] ?? '');
    expect(used.size).toBeGreaterThan(60);
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('say 智算中心 (AIDC) in the Chinese title', () => {
    expect(zh['app.title']).toContain('智算中心');
  });
});
