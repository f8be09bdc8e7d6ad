// Which failure cause an NVIDIA XID points to. The XID meanings are NVIDIA's ("XID Errors",
// docs.nvidia.com/deploy/xid-errors, the Xid catalog for Ampere and newer, r570 release, 2025;
// "Dynamic Page Retirement", docs.nvidia.com/deploy/dynamic-page-retirement, for 48/63/64;
// datasheet). Assigning each to one of the catalog's causes (Llama 3's categories, Dubey et al.
// 2024 Table 5) is this module's estimate. The telemetry package's XID catalog
// (telemetry/xid-classes.json), where present, classifies XIDs for alerting (severity, action);
// this table only maps the failure-causing ones to causes, and the two should agree.
import type { FailureCause } from '@aidc/core';

interface XidCause {
  readonly cause: FailureCause;
  readonly meaning: string;
}

export const XID_CAUSES: Readonly<Record<number, XidCause>> = {
  13: { cause: 'software', meaning: 'graphics engine exception: usually the application' },
  31: {
    cause: 'software',
    meaning: 'GPU memory page fault: usually an illegal access by the application',
  },
  43: {
    cause: 'software',
    meaning: 'GPU stopped processing: the application hit a software fault',
  },
  48: { cause: 'hbm', meaning: 'double-bit ECC error (DBE) in GPU memory' },
  63: { cause: 'hbm', meaning: 'ECC page retirement or row-remapping recording event' },
  64: { cause: 'hbm', meaning: 'ECC page retirement or row-remapper recording failure' },
  // NVLink joins the GPUs of a server through its NVSwitch baseboard, not the scale-out network:
  // Llama 3's taxonomy has no NVLink class, and the repair is on the GPU baseboard.
  74: { cause: 'gpu', meaning: 'NVLink error' },
  79: { cause: 'gpu', meaning: 'GPU has fallen off the bus' },
  92: { cause: 'hbm', meaning: 'high single-bit ECC error rate' },
  94: {
    cause: 'hbm',
    meaning: 'contained ECC error (row remapping pending; restart the application)',
  },
  95: { cause: 'hbm', meaning: 'uncontained ECC error (reset the GPU)' },
  119: { cause: 'gpuSystemProcessor', meaning: 'GSP RPC timeout' },
  120: { cause: 'gpuSystemProcessor', meaning: 'GSP error' },
};

/**
 * The failure cause an XID points to; undefined for an XID that is not a failure's root (45,
 * preemptive cleanup after another error) or that this table does not classify.
 *
 * @example
 * causeForXid(48) // 'hbm'
 */
export function causeForXid(xid: number): FailureCause | undefined {
  return XID_CAUSES[xid]?.cause;
}
