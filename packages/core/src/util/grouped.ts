// Numbers with thousands separators as en-US writes them (16,384; 1,234.5), without Intl: the
// first Number#toLocaleString call of a process loads ICU's number formatting, 15-30 ms of a
// `aidc plan` start, for what is a comma every three digits.

/** `x` rounded to at most `maxFractionDigits` (3, toLocaleString's default), trailing zeros
 *  dropped, digits grouped by three: what `x.toLocaleString('en-US', { maximumFractionDigits })`
 *  prints for finite x (a negative x that rounds to 0 prints -0, as there), except that a decimal
 *  tie the double only approximates (1.005, or ...471.4915 to three digits) rounds as `toFixed`
 *  does, on the double's exact value. */
export function grouped(x: number, maxFractionDigits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  // Past 2^53 (digits kept) toFixed prints the double's exact digits where en-US prints its
  // shortest ones.
  if (Math.abs(x) * 10 ** maxFractionDigits > Number.MAX_SAFE_INTEGER)
    return x.toLocaleString('en-US', { maximumFractionDigits: maxFractionDigits });
  const fixed = Math.abs(x).toFixed(maxFractionDigits);
  const dot = fixed.indexOf('.');
  const whole = dot < 0 ? fixed : fixed.slice(0, dot);
  const fraction = dot < 0 ? '' : fixed.slice(dot + 1).replace(/0+$/, '');
  let out = '';
  for (let end = whole.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    out = out === '' ? whole.slice(start, end) : `${whole.slice(start, end)},${out}`;
  }
  return `${x < 0 ? '-' : ''}${out}${fraction === '' ? '' : `.${fraction}`}`;
}
