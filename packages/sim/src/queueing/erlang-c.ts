// Erlang's C formula for the M/M/c queue (Erlang 1917, "Solution of some problems in the theory
// of probabilities of significance in automatic telephone exchanges"; as in Kleinrock 1975,
// "Queueing Systems, Vol. 1", eq. 3.40-3.42): with offered load a = lambda/mu Erlangs on c servers
// (rho = a/c < 1), the probability an arrival waits is
//   C(c, a) = [a^c / c! * c/(c - a)] / [sum_{k<c} a^k/k! + a^c/c! * c/(c - a)],
// and the mean wait in queue is W_q = C(c, a) / (c mu - lambda).
// C is computed from Erlang B by the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1))
// and C = c B / (c - a (1 - B)) (Cooper 1981, "Introduction to Queueing Theory", 2nd ed., sec. 3.4
// and 3.5), so neither factorials nor powers overflow at 100,000 servers.

/** Probability that an arrival waits, c servers, offered load a Erlangs. */
export function erlangC(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 1)
    throw new Error(`servers must be a whole number above 0, got ${c}`);
  if (!(a >= 0) || a >= c) throw new Error(`offered load must be in [0, ${c}), got ${a}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return (c * b) / (c - a * (1 - b));
}

/** Mean wait in queue of M/M/c: arrival rate lambda, service rate mu per server. */
export function erlangCMeanWait(c: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  return erlangC(c, a) / (c * mu - lambda);
}
