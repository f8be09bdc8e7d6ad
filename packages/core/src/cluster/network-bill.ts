// A network's bill of materials: switches, optical modules (counted as modules: a twin-port OSFP
// carries two ports, NVIDIA MMA4Z00-NS product specifications) and one fibre per link
// (twin-port modules 'require ordering two fibers', NVIDIA MMS4X00-NS product specifications).

export interface BillLine {
  readonly kind: 'switch' | 'transceiver' | 'cable';
  /** Catalog id of the part (`cable` for fibre patches). */
  readonly part: string;
  readonly count: number;
  /** Where the price lives in the price catalog (`switchUsd.quantum-2-qm9700`). */
  readonly pricePath: string;
}

export interface OpticsCount {
  /** Switch-side modules: switch ports over the ports one module carries. */
  readonly switchModules: number;
  /** Server-side modules: per server, its ports over the ports one module carries. */
  readonly serverModules: number;
  /** Modules of appliances on the fabric (the fabric manager), one per port. */
  readonly applianceModules: number;
}

/** Optical modules for a fabric's ports, per device: a module serves ports of one device only. */
export function countOptics(input: {
  readonly switchPorts: number;
  readonly switchPortsPerModule: number;
  readonly servers: number;
  readonly portsPerServer: number;
  readonly serverPortsPerModule: number;
  readonly reservedPorts: number;
}): OpticsCount {
  return {
    switchModules: Math.ceil(input.switchPorts / input.switchPortsPerModule),
    serverModules: input.servers * Math.ceil(input.portsPerServer / input.serverPortsPerModule),
    applianceModules: input.reservedPorts,
  };
}

/** The bill's total at the given prices (a price function takes a catalog path). */
export function billUsd(bill: readonly BillLine[], price: (path: string) => number): number {
  return bill.reduce((sum, line) => sum + line.count * price(line.pricePath), 0);
}
