// The current language's strings and number formats. Chinese readers count large numbers in
// 万 (10^4) and 亿 (10^8): Intl's compact notation for zh-CN does exactly that.
import { createContext, useContext } from 'react';
import { en, zh, type MessageKey } from './messages.js';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly { id: Locale; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '简体中文' },
];

export interface I18n {
  readonly locale: Locale;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A plain number with at most `digits` decimals. */
  num(value: number, digits?: number): string;
  /** A number with exactly `digits` decimals (a price: 2.00, 1.70). */
  fixed(value: number, digits: number): string;
  /** A large number in the locale's compact form (1.6M / 160万). */
  compact(value: number): string;
  usd(value: number): string;
  /** Dollars in at most three significant digits at any size ($470, $47K, -$27.5M), 0 as 0:
   *  for tables of many money columns. */
  usdShort(value: number): string;
  /** Dollars to three significant digits however small ($0.0115, $0.0000513): a unit price
   *  (per million samples) that may be a fraction of a cent. */
  usdPrecise(value: number): string;
  /** A number to three significant digits however small (0.00339, 6.50). */
  sig(value: number): string;
  percent(value: number): string;
}

export function makeI18n(locale: Locale): I18n {
  const messages = locale === 'zh-CN' ? zh : en;
  const cache = new Map<string, Intl.NumberFormat>();
  const fmt = (key: string, options: Intl.NumberFormatOptions) => {
    let f = cache.get(key);
    if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
    return f;
  };
  return {
    locale,
    t(key, vars) {
      let text: string = messages[key];
      for (const [k, v] of Object.entries(vars ?? {})) text = text.replaceAll(`{${k}}`, String(v));
      return text;
    },
    num: (v, digits = 2) => fmt(`n${digits}`, { maximumFractionDigits: digits }).format(v),
    fixed: (v, digits) =>
      fmt(`f${digits}`, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(v),
    compact: (v) => fmt('c', { notation: 'compact', maximumSignificantDigits: 3 }).format(v),
    usd: (v) =>
      Math.abs(v) >= 1e5
        ? fmt('uc', {
            style: 'currency',
            currency: 'USD',
            notation: 'compact',
            maximumSignificantDigits: 3,
          }).format(v)
        : fmt('u', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(v),
    usdShort: (v) =>
      Math.abs(v) < 0.5
        ? '0'
        : fmt('us', {
            style: 'currency',
            currency: 'USD',
            notation: 'compact',
            maximumSignificantDigits: 3,
          }).format(v),
    usdPrecise: (v) =>
      Math.abs(v) >= 1e5
        ? fmt('uc', {
            style: 'currency',
            currency: 'USD',
            notation: 'compact',
            maximumSignificantDigits: 3,
          }).format(v)
        : fmt('u3', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 }).format(v),
    sig: (v) => fmt('s3', { maximumSignificantDigits: 3 }).format(v),
    percent: (v) => fmt('p', { style: 'percent', maximumFractionDigits: 1 }).format(v),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en'));
export const useI18n = () => useContext(I18nContext);
