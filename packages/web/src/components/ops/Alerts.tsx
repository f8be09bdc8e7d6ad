// Alerts: firing, pending and silenced instances with their rule, severity, labels and since;
// an operator silences one (its rule and every label, a comment and an end) and ends a silence.
import { useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { opsApi, type Alert, type Silence } from '../../ops-api.js';

/** The labels worth reading first; the rest are in the cell's title. */
const KEY_LABELS = ['Hostname', 'gpu', 'rack_name', 'feed_name', 'side', 'name', 'instance'];

const ORDER: Record<string, number> = { firing: 0, pending: 1, resolved: 2 };

export const alertKey = (a: Alert) =>
  `${a.rule}|${Object.entries(a.labels)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;

const DURATIONS = [1, 4, 24, 168] as const;

export function AlertsPanel({
  project,
  alerts,
  silences,
  operator,
  onChanged,
}: {
  project: string;
  alerts: readonly Alert[];
  silences: readonly Silence[];
  operator: boolean;
  onChanged: () => void;
}) {
  const i = useI18n();
  const { t } = i;
  const [open, setOpen] = useState<string | undefined>();
  const [comment, setComment] = useState('');
  const [hours, setHours] = useState<number>(4);
  const [error, setError] = useState<string | undefined>();
  const date = new Intl.DateTimeFormat(i.locale, { dateStyle: 'short', timeStyle: 'short' });
  const sorted = [...alerts].sort(
    (a, b) =>
      Number(a.silenced) - Number(b.silenced) ||
      (ORDER[a.state] ?? 3) - (ORDER[b.state] ?? 3) ||
      a.rule.localeCompare(b.rule),
  );
  const silence = async (a: Alert) => {
    setError(undefined);
    try {
      const labels = { ...a.labels, alertname: a.rule };
      await opsApi.silence(project, {
        matchers: Object.entries(labels).map(([label, value]) => ({ label, op: '=', value })),
        comment: comment.trim(),
        endsAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
      });
      // The stored instances say silenced after the next evaluation: run it now.
      await opsApi.evaluate(project);
      setOpen(undefined);
      setComment('');
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const end = async (id: string) => {
    setError(undefined);
    try {
      await opsApi.endSilence(project, id);
      await opsApi.evaluate(project);
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const stateText = (a: Alert) =>
    a.silenced ? t('ops.alerts.silenced') : t(`ops.alerts.state.${a.state}`);
  return (
    <>
      {sorted.length === 0 ? (
        <p data-testid="alerts-empty">{t('ops.alerts.none')}</p>
      ) : (
        <div className="scroll">
          <table data-testid="alerts">
            <thead>
              <tr>
                <th>{t('ops.alerts.stateCol')}</th>
                <th>{t('ops.alerts.severity')}</th>
                <th>{t('ops.alerts.rule')}</th>
                <th>{t('ops.alerts.labels')}</th>
                <th>{t('ops.alerts.value')}</th>
                <th>{t('ops.alerts.since')}</th>
                {operator && <th />}
              </tr>
            </thead>
            <tbody>
              {sorted.map((a) => {
                const key = alertKey(a);
                const shown = KEY_LABELS.filter((l) => a.labels[l] !== undefined);
                const rest = Object.keys(a.labels).length - shown.length;
                return (
                  <tr key={key} className={a.silenced ? 'muted-row' : ''} data-testid="alert">
                    <td className={`state-${a.silenced ? 'silenced' : a.state}`}>{stateText(a)}</td>
                    <td className={`sev-${a.severity}`}>{t(severityKey(a.severity))}</td>
                    <td>
                      <code>{a.rule}</code>
                      {a.summary && <div className="delta">{a.summary}</div>}
                    </td>
                    <td
                      title={Object.entries(a.labels)
                        .map(([k, v]) => `${k}="${v}"`)
                        .join('\n')}
                    >
                      {shown.map((l) => (
                        <span key={l} className="chip">
                          {l}={a.labels[l]}
                        </span>
                      ))}
                      {rest > 0 && (
                        <span className="delta nowrap">
                          {t('ops.alerts.moreLabels', { count: rest })}
                        </span>
                      )}
                    </td>
                    <td>{a.value === null ? '—' : i.num(a.value, 2)}</td>
                    <td>{date.format(new Date(a.since))}</td>
                    {operator && (
                      <td>
                        {!a.silenced && a.state !== 'resolved' && open !== key && (
                          <button
                            type="button"
                            onClick={() => setOpen(key)}
                            data-testid="silence-open"
                          >
                            {t('ops.alerts.silence')}
                          </button>
                        )}
                        {open === key && (
                          <form
                            className="silence-form"
                            onSubmit={(e) => {
                              e.preventDefault();
                              void silence(a);
                            }}
                          >
                            <label>
                              {t('ops.alerts.comment')}
                              <input
                                value={comment}
                                required
                                onChange={(e) => setComment(e.target.value)}
                                data-testid="silence-comment"
                              />
                            </label>
                            <label>
                              {t('ops.alerts.for')}
                              <select
                                value={hours}
                                onChange={(e) => setHours(Number(e.target.value))}
                                data-testid="silence-hours"
                              >
                                {DURATIONS.map((h) => (
                                  <option key={h} value={h}>
                                    {t('common.hours', { value: h })}
                                  </option>
                                ))}
                              </select>
                            </label>
                            <span className="actions">
                              <button
                                type="submit"
                                disabled={comment.trim() === ''}
                                data-testid="silence-submit"
                              >
                                {t('ops.alerts.silenceSubmit')}
                              </button>
                              <button
                                type="button"
                                className="secondary"
                                onClick={() => setOpen(undefined)}
                              >
                                {t('ops.cancel')}
                              </button>
                            </span>
                          </form>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {error && <p className="bad">{t('common.error', { message: error })}</p>}
      {silences.length > 0 && (
        <>
          <h3>{t('ops.silences.title')}</h3>
          <table data-testid="silences">
            <thead>
              <tr>
                <th>{t('ops.silences.matchers')}</th>
                <th>{t('ops.silences.owner')}</th>
                <th>{t('ops.alerts.comment')}</th>
                <th>{t('ops.silences.ends')}</th>
                {operator && <th />}
              </tr>
            </thead>
            <tbody>
              {silences.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.matchers
                      .filter((m) => m.label === 'alertname' || KEY_LABELS.includes(m.label))
                      .map((m) => (
                        <span key={m.label} className="chip">
                          {m.label}
                          {m.op}
                          {m.value}
                        </span>
                      ))}
                  </td>
                  <td>{s.owner}</td>
                  <td>{s.comment}</td>
                  <td>{s.endsAt ? date.format(new Date(s.endsAt)) : '—'}</td>
                  {operator && (
                    <td>
                      <button type="button" className="secondary" onClick={() => void end(s.id)}>
                        {t('ops.silences.end')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function severityKey(s: string) {
  return s === 'critical'
    ? ('ops.sev.critical' as const)
    : s === 'warning'
      ? ('ops.sev.warning' as const)
      : ('ops.sev.info' as const);
}
