// An incident: one failure of the fleet, recorded by the operators or derived from telemetry
// (an XID), with its cause in the failure catalog's terms so shares and rates compare with it.
import { FAILURE_CAUSES } from '@aidc/core';
import { z } from 'zod';

export const IncidentSchema = z
  .strictObject({
    id: z.string().min(1).max(200),
    /** When the failure happened (ms since the epoch, UTC). */
    atMs: z.number().int().nonnegative(),
    /** The inventory device that failed, or the host name telemetry knows it by. */
    deviceId: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    /** The GPU's index in its server (DCGM's `gpu` label), for a GPU failure. */
    gpuSlot: z.number().int().nonnegative().optional(),
    cause: z.enum(FAILURE_CAUSES),
    note: z.string(),
    /** The NVIDIA XID the driver logged, when one did. */
    xid: z.number().int().positive().optional(),
  })
  .refine((i) => i.deviceId !== undefined || i.host !== undefined, {
    message: 'an incident names the device that failed: deviceId or host',
    path: ['deviceId'],
  });

export type Incident = z.output<typeof IncidentSchema>;
