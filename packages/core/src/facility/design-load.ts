// Electrical design load: servers at their measured peak draw plus a stated margin, not at
// nameplate (Latif et al., IEEE Access 13, 2025: a DGX H100 peaks at 8.4 of its 10.2 kW in
// training); network and storage at their rated power. 'nameplate' keeps the conservative basis.
export type DesignBasis = 'measured' | 'nameplate';

export interface DesignLoadFigures {
  readonly measuredPeakFraction: number;
  readonly margin: number;
}

/** Share of server nameplate the electrical plant is designed for. */
export function serverDesignFraction(basis: DesignBasis, f: DesignLoadFigures): number {
  return basis === 'nameplate' ? 1 : Math.min(1, f.measuredPeakFraction * (1 + f.margin));
}
