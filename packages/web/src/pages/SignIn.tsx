import { useState } from 'react';
import { signIn } from '../api.js';
import { useI18n } from '../i18n/index.js';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  return (
    <form
      className="sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        signIn(name, password).then(onSignedIn, () => setFailed(true));
      }}
    >
      <h1>{t('signIn.title')}</h1>
      <label>
        {t('signIn.name')}
        <input
          name="name"
          autoComplete="username"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
        />
      </label>
      <label>
        {t('signIn.password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {failed && (
        <p className="bad" role="alert">
          {t('signIn.failed')}
        </p>
      )}
      <button type="submit">{t('signIn.submit')}</button>
    </form>
  );
}
