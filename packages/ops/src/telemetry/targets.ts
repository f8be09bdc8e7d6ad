// Which host and GPU a sample is about, from its labels. dcgm-exporter labels its samples with
// `Hostname` (the exporter's host name), `gpu` (the GPU's index in the server, as nvidia-smi
// numbers it) and `UUID` (NVIDIA dcgm-exporter README, "Quickstart", sample output;
// pkg/dcgmexporter/const.go label names); node_exporter and the IPMI exporter have no host label
// of their own and are told apart by Prometheus's `instance` target label (`host:port`,
// prometheus.io, "Jobs and instances").

/** The host and GPU of a sample; null where its labels do not say. */
export interface SampleTarget {
  readonly host: string | null;
  /** The GPU's index in its server (DCGM's `gpu` label), a non-negative integer. */
  readonly gpu: number | null;
  /** The GPU's UUID (`GPU-…`, DCGM's `UUID` label). */
  readonly uuid: string | null;
}

/** `instance` without its port: `gpu-01:9100` → `gpu-01`, `[fd00::1]:9100` → `fd00::1`. */
export function stripPort(instance: string): string {
  if (instance.startsWith('[')) {
    const close = instance.indexOf(']');
    return close > 1 ? instance.slice(1, close) : instance;
  }
  const colon = instance.indexOf(':');
  // One colon: host:port. None: no port. More than one: a bare IPv6 address, no port.
  if (colon === -1 || instance.indexOf(':', colon + 1) !== -1) return instance;
  const port = instance.slice(colon + 1);
  return /^\d{1,5}$/.test(port) && colon > 0 ? instance.slice(0, colon) : instance;
}

/**
 * The host a sample is about, by precedence: `Hostname` (dcgm-exporter), then `hostname`
 * (exporters and relabelling that use the lower-case name), then `instance` with its port
 * stripped (node_exporter, the IPMI exporter). An empty label counts as absent.
 */
export function hostOf(labels: Readonly<Record<string, string>>): string | null {
  const h = labels['Hostname'];
  if (h !== undefined && h !== '') return h;
  const l = labels['hostname'];
  if (l !== undefined && l !== '') return l;
  const instance = labels['instance'];
  if (instance !== undefined && instance !== '') return stripPort(instance);
  return null;
}

/**
 * The host and GPU of a sample: the host as `hostOf`; the GPU index from `gpu` when it is a
 * non-negative integer (else null), the UUID from `UUID`. A host-level sample (node_exporter)
 * has gpu and uuid null.
 *
 * @example
 * targetOf({ gpu: '3', UUID: 'GPU-ab', Hostname: 'gpu-0042' }) // { host: 'gpu-0042', gpu: 3, uuid: 'GPU-ab' }
 */
export function targetOf(labels: Readonly<Record<string, string>>): SampleTarget {
  const g = labels['gpu'];
  const gpu = g !== undefined && /^\d{1,6}$/.test(g) ? Number(g) : null;
  const u = labels['UUID'];
  return { host: hostOf(labels), gpu, uuid: u !== undefined && u !== '' ? u : null };
}
