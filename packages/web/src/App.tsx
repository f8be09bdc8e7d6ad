// The app's frame: who is signed in, the language, and the page the address names
// (#/ scenarios, #/s/ID editor, #/new/EXAMPLE, #/compare/ID,ID, #/ops operations).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiFailure, me as fetchMe, signOut, type Me } from './api.js';
import { I18nContext, LOCALES, makeI18n, type Locale } from './i18n/index.js';
import { SignIn } from './pages/SignIn.js';
import { Scenarios } from './pages/Scenarios.js';
import { Editor } from './pages/Editor.js';
import { Compare } from './pages/Compare.js';
import { Operations } from './pages/Operations.js';

const useHash = () => {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
};

const initialLocale = (): Locale => {
  const saved = localStorage.getItem('aidc.locale');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.startsWith('zh') ? 'zh-CN' : 'en';
};

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const i18n = useMemo(() => makeI18n(locale), [locale]);
  const [user, setUser] = useState<Me | null | undefined>();
  const hash = useHash();
  const load = useCallback(() => {
    fetchMe().then(setUser, (e: unknown) =>
      e instanceof ApiFailure && e.status === 401 ? setUser(null) : setUser(null),
    );
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = i18n.t('app.title');
    localStorage.setItem('aidc.locale', locale);
  }, [locale, i18n]);

  const [, page, arg] = /^#\/(\w+)?\/?(.*)$/.exec(hash) ?? [];
  let body;
  if (user === undefined) body = <p>{i18n.t('common.loading')}</p>;
  else if (user === null) body = <SignIn onSignedIn={load} />;
  else if (page === 's' && arg) body = <Editor key={arg} me={user} id={arg} />;
  else if (page === 'new' && arg)
    body = <Editor key={arg} me={user} example={decodeURIComponent(arg)} />;
  else if (page === 'compare') body = <Compare ids={(arg ?? '').split(',').filter(Boolean)} />;
  else if (page === 'ops') body = <Operations me={user} />;
  else body = <Scenarios me={user} />;

  return (
    <I18nContext.Provider value={i18n}>
      <header>
        <a href="#/" className="brand">
          aidc
        </a>
        <span className="tagline">{i18n.t('app.tagline')}</span>
        <nav>
          {user && (
            <a href="#/" aria-current={page === undefined ? 'page' : undefined}>
              {i18n.t('nav.scenarios')}
            </a>
          )}
          {user && (
            <a href="#/ops" aria-current={page === 'ops' ? 'page' : undefined}>
              {i18n.t('nav.operations')}
            </a>
          )}
          <label>
            <span className="sr-only">{i18n.t('nav.language')}</span>
            <select
              value={locale}
              onChange={(e) => setLocale(e.target.value as Locale)}
              data-testid="language"
              aria-label={i18n.t('nav.language')}
            >
              {LOCALES.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          {user && (
            <>
              <span className="who">
                {user.user.name} · {user.user.role}
              </span>
              <button onClick={() => void signOut().then(() => setUser(null))}>
                {i18n.t('nav.signOut')}
              </button>
            </>
          )}
        </nav>
      </header>
      <main>{body}</main>
    </I18nContext.Provider>
  );
}
