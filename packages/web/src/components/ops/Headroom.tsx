// Headroom: the chosen hall's racks as a heat map of their load fraction (rows down, rack
// positions across), the facility's tightest racks and feeds, and where N more servers would fit
// with the limit that stops them.
import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import {
  opsApi,
  type FeedHeadroom,
  type FitLimit,
  type FitResult,
  type Rack,
  type RackHeadroom,
  type Row,
} from '../../ops-api.js';
import { Chart } from '../Chart.js';
import { loadColour } from './RackLayout.js';

export function HeatMap({
  rows,
  racksByRow,
  headroom,
  onSelect,
}: {
  rows: readonly Row[];
  racksByRow: ReadonlyMap<string, readonly Rack[]>;
  headroom: ReadonlyMap<string, RackHeadroom>;
  onSelect: (rackId: string) => void;
}) {
  const i = useI18n();
  const { t } = i;
  const width = Math.max(1, ...rows.map((r) => racksByRow.get(r.id)?.length ?? 0));
  // Rows from the top of the chart down, as the layout draws them.
  const yRows = [...rows].reverse();
  const data = yRows.flatMap((row, y) =>
    (racksByRow.get(row.id) ?? []).map((rack, x) => {
      const h = headroom.get(rack.id);
      return {
        value: [x, y, Math.round((h?.fraction ?? 0) * 1000) / 1000],
        rackId: rack.id,
        name: rack.name,
        loadKW: h?.loadKW ?? 0,
        limitKW: rack.powerLimitKW,
        basis: h?.basis ?? 'planned',
      };
    }),
  );
  type Cell = (typeof data)[number];
  return (
    <Chart
      testId="heatmap"
      label={t('ops.head.heatLabel')}
      height={Math.max(160, 70 + rows.length * 34)}
      onClick={(d) => {
        const cell = d as Cell | undefined;
        if (cell?.rackId) onSelect(cell.rackId);
      }}
      option={{
        tooltip: {
          formatter: (p: { data: Cell }) =>
            t('ops.head.cellTip', {
              rack: p.data.name,
              load: i.num(p.data.loadKW, 1),
              limit: i.num(p.data.limitKW, 1),
              percent: i.percent(p.data.value[2] ?? 0),
              basis: t(p.data.basis === 'measured' ? 'ops.basis.measured' : 'ops.basis.planned'),
            }),
        },
        grid: { left: 70, right: 90, top: 10, bottom: 30 },
        xAxis: {
          type: 'category',
          data: Array.from({ length: width }, (_, n) => `k${String(n + 1).padStart(2, '0')}`),
          splitArea: { show: true },
        },
        yAxis: { type: 'category', data: yRows.map((r) => r.name), splitArea: { show: true } },
        visualMap: {
          // The same bands as the rack drawing's bars (loadColour).
          type: 'piecewise',
          orient: 'vertical',
          right: 0,
          top: 'middle',
          itemWidth: 14,
          textStyle: { fontSize: 11 },
          pieces: [
            { gt: 1, label: '> 100%', color: loadColour(1.1) },
            { gt: 0.8, lte: 1, label: '80–100%', color: loadColour(0.9) },
            { gt: 0.6, lte: 0.8, label: '60–80%', color: loadColour(0.7) },
            { lte: 0.6, label: '≤ 60%', color: loadColour(0.5) },
          ],
          dimension: 2,
        },
        series: [
          {
            type: 'heatmap',
            data,
            label: {
              show: true,
              fontSize: 11,
              color: '#fff',
              formatter: (p: { data: Cell }) => `${Math.round((p.data.value[2] ?? 0) * 100)}`,
            },
            itemStyle: { borderColor: '#fff', borderWidth: 2 },
          },
        ],
      }}
    />
  );
}

export function Tightest({
  racks,
  feeds,
  measured,
}: {
  racks: readonly RackHeadroom[];
  feeds: readonly FeedHeadroom[];
  measured: boolean;
}) {
  const i = useI18n();
  const { t } = i;
  const kw = (v: number) => t('ops.kw', { value: i.num(v, 1) });
  const cls = (f: number) => (f > 1 ? 'bad' : f > 0.8 ? 'warn' : '');
  return (
    <div className="two">
      <div>
        <h3>{t('ops.head.tightestRacks')}</h3>
        <table data-testid="tightest-racks">
          <thead>
            <tr>
              <th>{t('ops.head.rack')}</th>
              <th>{t('ops.head.load')}</th>
              <th>{t('ops.head.limit')}</th>
              <th>{t('ops.head.headroom')}</th>
              <th>{t('ops.head.fraction')}</th>
            </tr>
          </thead>
          <tbody>
            {racks.map((r) => (
              <tr key={r.rackId}>
                <td>{r.name}</td>
                <td>
                  {kw(r.loadKW)}
                  {measured && (
                    <span className="delta">
                      {' '}
                      {t(r.basis === 'measured' ? 'ops.basis.measured' : 'ops.basis.planned')}
                    </span>
                  )}
                </td>
                <td>{kw(r.limitKW)}</td>
                <td>{kw(r.headroomKW)}</td>
                <td className={cls(r.fraction)}>{i.percent(r.fraction)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <h3>{t('ops.head.tightestFeeds')}</h3>
        <table data-testid="tightest-feeds">
          <thead>
            <tr>
              <th>{t('ops.head.feed')}</th>
              <th>{t('ops.head.failoverLoad')}</th>
              <th>{t('ops.head.capacity')}</th>
              <th>{t('ops.head.fraction')}</th>
            </tr>
          </thead>
          <tbody>
            {feeds.map((f) => (
              <tr key={f.feedId}>
                <td>{f.name}</td>
                <td>{kw(f.loadKW)}</td>
                <td>{kw(f.capacityKW)}</td>
                <td className={cls(f.fraction)}>{i.percent(f.fraction)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function FitForm({
  project,
  defaults,
}: {
  project: string;
  defaults: { powerKW: number; heightU: number };
}) {
  const i = useI18n();
  const { t } = i;
  const [powerKW, setPowerKW] = useState(String(defaults.powerKW));
  const [heightU, setHeightU] = useState(String(defaults.heightU));
  const [n, setN] = useState('4');
  const [fit, setFit] = useState<FitResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const ask = async () => {
    setError(undefined);
    setBusy(true);
    try {
      const r = await opsApi.headroom(project, {
        powerKW: Number(powerKW),
        heightU: Math.round(Number(heightU)),
        n: Math.round(Number(n)),
      });
      setFit(r.fit);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const valid = Number(powerKW) > 0 && Number(heightU) >= 1 && Number(n) >= 1;
  const limit = (l: FitLimit) => t(`ops.limit.${l}`);
  return (
    <div className="fit" data-testid="fit">
      <h3>{t('ops.fit.title')}</h3>
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <label className="inline">
          {t('ops.fit.power')}
          <input
            type="number"
            min={0.1}
            step={0.1}
            value={powerKW}
            onChange={(e) => setPowerKW(e.target.value)}
            data-testid="fit-power"
          />
        </label>
        <label className="inline">
          {t('ops.fit.height')}
          <input
            type="number"
            min={1}
            step={1}
            value={heightU}
            onChange={(e) => setHeightU(e.target.value)}
            data-testid="fit-height"
          />
        </label>
        <label className="inline">
          {t('ops.fit.count')}
          <input
            type="number"
            min={1}
            step={1}
            value={n}
            onChange={(e) => setN(e.target.value)}
            data-testid="fit-n"
          />
        </label>
        <button type="submit" disabled={!valid || busy}>
          {t('ops.fit.ask')}
        </button>
      </form>
      {error && <p className="bad">{t('common.error', { message: error })}</p>}
      {fit && (
        <div data-testid="fit-result">
          <p className={fit.short > 0 ? 'warn' : 'ok'}>
            {fit.short > 0
              ? t('ops.fit.short', {
                  placed: fit.placed,
                  requested: fit.requested,
                  short: fit.short,
                })
              : t('ops.fit.allFit', { requested: fit.requested, total: fit.fitsTotal })}
            {fit.limitedBy.length > 0 &&
              ' ' + t('ops.fit.limitedBy', { limits: fit.limitedBy.map(limit).join(', ') })}
          </p>
          {fit.racks.some((r) => r.place > 0) && (
            <table className="narrow">
              <thead>
                <tr>
                  <th>{t('ops.head.rack')}</th>
                  <th>{t('ops.fit.place')}</th>
                  <th>{t('ops.fit.fits')}</th>
                  <th>{t('ops.fit.rackLimit')}</th>
                </tr>
              </thead>
              <tbody>
                {fit.racks
                  .filter((r) => r.place > 0)
                  .slice(0, 8)
                  .map((r) => (
                    <tr key={r.rackId}>
                      <td>{r.name}</td>
                      <td>{r.place}</td>
                      <td>{r.fits}</td>
                      <td>{limit(r.limitedBy)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}
