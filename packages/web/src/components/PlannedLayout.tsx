// The planned facility as drawn from above, hall by hall: core's planInventory of the plan (in
// the browser, like the plan itself), each rack coloured by role with its planned load as a
// share of its power limit. The same drawing as the Operations page's, before anything is built.
import { planInventory, type Plan } from '@aidc/core';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import type { Device, Rack, RackHeadroom } from '../ops-api.js';
import { HallRows, RackDetail, RoleLegend } from './ops/RackLayout.js';

export function PlannedLayout({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const inventory = useMemo(() => planInventory(plan), [plan]);
  const [hallId, setHallId] = useState<string | undefined>();
  const [rackId, setRackId] = useState<string | undefined>();
  const index = useMemo(() => {
    const racksByRow = new Map<string, Rack[]>();
    for (const r of inventory.racks) {
      const list = racksByRow.get(r.rowId);
      if (list) list.push(r);
      else racksByRow.set(r.rowId, [r]);
    }
    const planned = new Map<string, number>();
    for (const d of inventory.devices)
      if (d.rackId !== null) planned.set(d.rackId, (planned.get(d.rackId) ?? 0) + d.powerKW);
    const headroom = new Map<string, RackHeadroom>();
    for (const r of inventory.racks) {
      const load = planned.get(r.id) ?? 0;
      headroom.set(r.id, {
        rackId: r.id,
        name: r.name,
        limitKW: r.powerLimitKW,
        plannedKW: load,
        measuredKW: null,
        loadKW: load,
        basis: 'planned',
        headroomKW: r.powerLimitKW - load,
        fraction: load / r.powerLimitKW,
      });
    }
    const devicesByRack = new Map<string, Device[]>();
    for (const d of inventory.devices) {
      if (d.rackId === null) continue;
      const list = devicesByRack.get(d.rackId);
      if (list) list.push(d as Device);
      else devicesByRack.set(d.rackId, [d as Device]);
    }
    const gpus = new Map<string, number>();
    for (const g of inventory.gpus) gpus.set(g.deviceId, (gpus.get(g.deviceId) ?? 0) + 1);
    return { racksByRow, headroom, devicesByRack, gpus };
  }, [inventory]);
  const hall = inventory.halls.find((h) => h.id === hallId) ?? inventory.halls[0];
  if (hall === undefined) return null;
  const rows = inventory.rows.filter((r) => r.hallId === hall.id);
  const rack = inventory.racks.find(
    (r) => r.id === rackId && rows.some((row) => row.id === r.rowId),
  );
  return (
    <div className="planned-layout" data-testid="planned-layout">
      <h3>{t('plan.rackLayout')}</h3>
      <p className="muted">
        {t('plan.rackLayoutSummary', {
          halls: inventory.halls.length,
          rows: inventory.rows.length,
          racks: inventory.racks.length,
        })}
      </p>
      {inventory.halls.length > 1 && (
        <label>
          {t('plan.rackLayoutHall')}{' '}
          <select value={hall.id} onChange={(e) => setHallId(e.target.value)}>
            {inventory.halls.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <RoleLegend />
      <HallRows
        rows={rows}
        racksByRow={index.racksByRow}
        headroom={index.headroom}
        selected={rack?.id}
        onSelect={setRackId}
      />
      {rack && (
        <RackDetail
          rack={rack}
          devices={index.devicesByRack.get(rack.id) ?? []}
          gpus={index.gpus}
          headroom={index.headroom.get(rack.id)}
        />
      )}
    </div>
  );
}
