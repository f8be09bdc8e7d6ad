// "Did you mean" suggestions: Levenshtein edit distance, the usual measure for typo hints.

/** Edit distance between two strings (insertions, deletions, substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidates closest to `input`, best first: those within a third of the longer length in
 * edit distance, or that contain the input (case-insensitive).
 * @example closestMatches('h100-sxm', ['h100-sxm-80gb', 'a100-sxm-80gb']) // ['h100-sxm-80gb', ...]
 */
export function closestMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  return candidates
    .map((candidate) => {
      const hay = candidate.toLowerCase();
      const distance = editDistance(needle, hay);
      const contains = hay.includes(needle) || needle.includes(hay);
      // A candidate holding every token of the input ("llama3", "70b" in "llama3.1-70b") is what
      // the user meant more often than one a single edit away ("llama2-70b"): rank it first.
      const tokens = needle.split(/[^a-z0-9]+/).filter(Boolean);
      const holdsTokens = tokens.length > 1 && tokens.every((t) => hay.includes(t));
      return { candidate, distance: holdsTokens ? distance - needle.length : distance, contains };
    })
    .filter(
      ({ candidate, distance, contains }) =>
        contains ||
        distance <= Math.max(2, Math.ceil(Math.max(candidate.length, input.length) / 3)),
    )
    .sort(
      (x, y) =>
        x.distance - y.distance ||
        Math.abs(x.candidate.length - input.length) - Math.abs(y.candidate.length - input.length),
    )
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
