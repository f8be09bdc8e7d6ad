// The scenarios of the user's projects, a start from an example, and a pick of plans to compare.
import { useEffect, useState } from 'react';
import { api, canWrite, type Me, type ScenarioSummary } from '../api.js';
import { useI18n } from '../i18n/index.js';

export function Scenarios({ me }: { me: Me }) {
  const i = useI18n();
  const { t } = i;
  const [rows, setRows] = useState<ScenarioSummary[] | undefined>();
  const [examples, setExamples] = useState<{ file: string; name: string }[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  useEffect(() => {
    void api<{ scenarios: ScenarioSummary[] }>('GET', '/api/v1/scenarios').then((r) =>
      setRows(r.scenarios),
    );
    void api<{ examples: { file: string; name: string }[] }>('GET', '/api/v1/examples').then((r) =>
      setExamples(r.examples),
    );
  }, []);
  if (!rows) return <p>{t('common.loading')}</p>;
  const date = new Intl.DateTimeFormat(i.locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      {canWrite(me.user.role) && (
        <label className="inline">
          {t('list.fromExample')}{' '}
          <select
            defaultValue=""
            onChange={(e) => (window.location.hash = `#/new/${encodeURIComponent(e.target.value)}`)}
            data-testid="example-picker"
          >
            <option value="" disabled>
              {t('list.pickExample')}
            </option>
            {examples.map((e) => (
              <option key={e.file} value={e.file}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {rows.length === 0 ? (
        <p>{t('list.empty')}</p>
      ) : (
        <>
          <table data-testid="scenario-list">
            <thead>
              <tr>
                <th>
                  <span className="sr-only">{t('list.selectColumn')}</span>
                </th>
                <th>{t('list.name')}</th>
                <th>{t('list.version')}</th>
                <th>{t('list.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('list.select', { name: s.name })}
                      checked={picked.includes(s.id)}
                      onChange={(e) =>
                        setPicked((p) =>
                          e.target.checked ? [...p, s.id] : p.filter((x) => x !== s.id),
                        )
                      }
                    />
                  </td>
                  <td>
                    <a href={`#/s/${s.id}`}>{s.name}</a>
                  </td>
                  <td>{s.version}</td>
                  <td>{date.format(new Date(s.updatedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            disabled={picked.length < 2}
            onClick={() => (window.location.hash = `#/compare/${picked.join(',')}`)}
          >
            {t('list.compareSelected')}
          </button>
        </>
      )}
    </div>
  );
}
