// One hall of the facility as drawn from above: a row of racks per line (SVG boxes coloured by
// role, each with its load fraction as a bar and a percentage), and the chosen rack's elevation
// with its devices by rack unit. Only the chosen hall is drawn, so a 568-rack facility draws
// some 60 racks at a time.
import { useMemo } from 'react';
import { useI18n } from '../../i18n/index.js';
import type { Device, Rack, RackHeadroom, Row } from '../../ops-api.js';

export const ROLE_COLOURS: Record<Rack['role'], string> = {
  compute: '#2f6fb3',
  network: '#7a4fb0',
  storage: '#2d8a7a',
};

/** The colour of a load fraction: green, amber past 60 %, orange past 80 %, red over the limit. */
export const loadColour = (f: number) =>
  f > 1 ? '#a4161a' : f > 0.8 ? '#d9622b' : f > 0.6 ? '#a87600' : '#3f8f4a';

const RACK_W = 46;
const RACK_H = 78;
const GAP = 8;
const LABEL_W = 74;

export function HallRows({
  rows,
  racksByRow,
  headroom,
  selected,
  onSelect,
}: {
  rows: readonly Row[];
  racksByRow: ReadonlyMap<string, readonly Rack[]>;
  headroom: ReadonlyMap<string, RackHeadroom>;
  selected: string | undefined;
  onSelect: (rackId: string) => void;
}) {
  const i = useI18n();
  const { t } = i;
  return (
    <div className="rack-rows" data-testid="rack-rows">
      {rows.map((row) => {
        const racks = racksByRow.get(row.id) ?? [];
        const width = LABEL_W + racks.length * (RACK_W + GAP);
        return (
          <div className="scroll" key={row.id}>
            <svg
              width={width}
              height={RACK_H + 30}
              role="group"
              aria-label={t('ops.inv.rowLabel', { row: row.name, racks: racks.length })}
              data-testid={`row-${row.id}`}
            >
              <text x={0} y={RACK_H / 2 + 4} className="svg-label">
                {row.name}
              </text>
              {racks.map((rack, n) => {
                const h = headroom.get(rack.id);
                const f = h?.fraction ?? 0;
                const x = LABEL_W + n * (RACK_W + GAP);
                const barH = Math.max(0, Math.min(1, f)) * (RACK_H - 8);
                const isSel = rack.id === selected;
                const title = t('ops.inv.rackTitle', {
                  rack: rack.name,
                  role: t(`ops.role.${rack.role}`),
                  load: i.num(h?.loadKW ?? 0, 1),
                  limit: i.num(rack.powerLimitKW, 1),
                  percent: i.percent(f),
                });
                return (
                  <g
                    key={rack.id}
                    transform={`translate(${x},2)`}
                    className="rack"
                    role="button"
                    tabIndex={0}
                    aria-pressed={isSel}
                    data-testid="rack"
                    data-rack={rack.name}
                    data-role={rack.role}
                    onClick={() => onSelect(rack.id)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onSelect(rack.id);
                      }
                    }}
                  >
                    <title>{title}</title>
                    <rect
                      width={RACK_W}
                      height={RACK_H}
                      rx={3}
                      fill={ROLE_COLOURS[rack.role]}
                      stroke={isSel ? '#f0a500' : '#1a1f2b'}
                      strokeWidth={isSel ? 3 : 1}
                    />
                    <rect x={6} y={4} width={RACK_W - 12} height={RACK_H - 8} fill="#fff" />
                    <rect
                      x={6}
                      y={RACK_H - 4 - barH}
                      width={RACK_W - 12}
                      height={barH}
                      fill={loadColour(f)}
                    />
                    <text
                      x={RACK_W / 2}
                      y={RACK_H + 15}
                      textAnchor="middle"
                      className="svg-small"
                      data-testid="rack-load"
                    >
                      {i.percent(f)}
                    </text>
                    {/* For the eye: the position is in the rack’s name, its <title>, which names the button. */}
                    <text
                      x={RACK_W / 2}
                      y={RACK_H + 27}
                      textAnchor="middle"
                      className="svg-tiny"
                      aria-hidden="true"
                    >
                      {`k${String(rack.position).padStart(2, '0')}`}
                    </text>
                  </g>
                );
              })}
            </svg>
          </div>
        );
      })}
    </div>
  );
}

export function RoleLegend() {
  const { t } = useI18n();
  return (
    <p className="legend">
      {(Object.keys(ROLE_COLOURS) as Rack['role'][]).map((r) => (
        <span key={r}>
          <span className="swatch" style={{ background: ROLE_COLOURS[r] }} />
          {t(`ops.role.${r}`)}
        </span>
      ))}
      <span>{t('ops.inv.barLegend')}</span>
    </p>
  );
}

const DEVICE_COLOURS: Record<Device['role'], string> = {
  server: '#2f6fb3',
  switch: '#7a4fb0',
  storage: '#2d8a7a',
  pdu: '#8a93a6',
  cdu: '#5b7fa3',
  management: '#a36b2d',
};

const U_H = 11;

/** A rack's elevation (U1 at the bottom) and its devices by rack unit, top first. */
export function RackDetail({
  rack,
  devices,
  gpus,
  headroom,
}: {
  rack: Rack;
  devices: readonly Device[];
  /** GPUs per device id; a server not in it yet is still loading. */
  gpus: ReadonlyMap<string, number> | undefined;
  headroom: RackHeadroom | undefined;
}) {
  const i = useI18n();
  const { t } = i;
  const placed = useMemo(
    () =>
      [...devices].sort(
        (a, b) => (b.position ?? 0) - (a.position ?? 0) || a.name.localeCompare(b.name),
      ),
    [devices],
  );
  const height = rack.units * U_H;
  const top = 6;
  return (
    <section className="rack-detail" data-testid="rack-detail">
      <h3>{t('ops.inv.rackHeading', { rack: rack.name, role: t(`ops.role.${rack.role}`) })}</h3>
      <p className="muted">
        {t('ops.inv.rackSummary', {
          units: rack.units,
          limit: i.num(rack.powerLimitKW, 1),
          cooling: i.num(rack.coolingLimitKW, 1),
          load: i.num(headroom?.loadKW ?? 0, 1),
          percent: i.percent(headroom?.fraction ?? 0),
          basis: t(headroom?.basis === 'measured' ? 'ops.basis.measured' : 'ops.basis.planned'),
        })}
      </p>
      <div className="rack-detail-body">
        <svg
          width={150}
          height={height + top * 2}
          role="img"
          aria-label={t('ops.inv.elevation', { rack: rack.name })}
          data-testid="rack-elevation"
        >
          <rect x={28} y={top} width={116} height={height} fill="#f5f7fa" stroke="#1a1f2b" />
          {Array.from({ length: rack.units }, (_, u) =>
            (u + 1) % 5 === 0 || u === 0 ? (
              <text
                key={u}
                x={24}
                y={top + height - u * U_H - 2}
                textAnchor="end"
                className="svg-tiny"
              >
                {u + 1}
              </text>
            ) : null,
          )}
          {placed
            .filter((d) => d.position !== null)
            .map((d) => {
              const pos = d.position ?? 1;
              const y = top + height - (pos - 1 + d.heightU) * U_H;
              return (
                <g key={d.id}>
                  <title>{`${d.name} · ${d.model}`}</title>
                  <rect
                    x={30}
                    y={y + 0.5}
                    width={112}
                    height={d.heightU * U_H - 1}
                    fill={DEVICE_COLOURS[d.role]}
                    rx={2}
                  />
                  {d.heightU * U_H >= 10 && (
                    <text x={34} y={y + Math.min(d.heightU * U_H, 22) / 2 + 4} className="svg-dev">
                      {d.name.length > 18 ? `${d.name.slice(0, 17)}…` : d.name}
                    </text>
                  )}
                </g>
              );
            })}
        </svg>
        <div className="scroll">
          <table className="narrow" data-testid="rack-devices">
            <thead>
              <tr>
                <th>{t('ops.inv.unit')}</th>
                <th>{t('ops.inv.host')}</th>
                <th>{t('ops.inv.kind')}</th>
                <th>{t('ops.inv.model')}</th>
                <th>{t('ops.inv.gpus')}</th>
                <th>{t('ops.inv.power')}</th>
              </tr>
            </thead>
            <tbody>
              {placed.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.position === null
                      ? t('ops.inv.zeroU')
                      : d.heightU > 1
                        ? `U${d.position}–${d.position + d.heightU - 1}`
                        : `U${d.position}`}
                  </td>
                  <td>
                    <code>{d.name}</code>
                    {d.spare ? ` (${t('ops.inv.spare')})` : ''}
                  </td>
                  <td>{t(`ops.device.${d.role}`)}</td>
                  <td>{d.model}</td>
                  <td>{d.role !== 'server' ? '' : (gpus?.get(d.id) ?? '…')}</td>
                  <td>{t('ops.kw', { value: i.num(d.powerKW, 1) })}</td>
                </tr>
              ))}
              {placed.length === 0 && (
                <tr>
                  <td colSpan={6}>{t('ops.inv.emptyRack')}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
