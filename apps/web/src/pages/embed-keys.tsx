import type { EmbedKeyList, EmbedKeyMinted, Period } from '@advocacy/contracts';
import { PERIODS } from '@advocacy/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { del, fieldErrors, post } from '../api';
import { useI18n } from '../i18n';
import { ErrorText, Loaded, Page } from '../ui';

const KEYS = '/api/v1/embed-keys';

/** The TV link of a freshly minted key: the secret rides in the fragment, which never reaches a server. */
export const tvLink = (origin: string, minted: Pick<EmbedKeyMinted, 'scope' | 'periods' | 'key'>) =>
  `${origin}/tv?scope=${encodeURIComponent(minted.scope)}&period=${minted.periods[0]}#key=${minted.key}`;

/** Admins mint, list and revoke the keys of office screens and intranet widgets. */
export default function EmbedKeysPage() {
  const { t, day } = useI18n();
  const client = useQueryClient();
  const keys = useQuery({ queryKey: [KEYS] });
  const [name, setName] = useState('');
  const [scope, setScope] = useState('global');
  const [periods, setPeriods] = useState<Period[]>(['week']);
  const [origins, setOrigins] = useState('');
  const [minted, setMinted] = useState<EmbedKeyMinted | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mint = useMutation({
    mutationFn: () =>
      post<EmbedKeyMinted>(KEYS, {
        name,
        scope,
        periods,
        allowedOrigins: origins
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      }),
    onSuccess: (created) => {
      setMinted(created);
      setErrors({});
      setName('');
      void client.invalidateQueries({ queryKey: [KEYS] });
    },
    onError: (error) => setErrors(fieldErrors(error)),
  });
  const revoke = useMutation({
    mutationFn: (keyId: string) => del<unknown>(`${KEYS}/${keyId}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: [KEYS] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mint.mutate();
  };
  const toggle = (period: Period) =>
    setPeriods((current) =>
      current.includes(period)
        ? current.filter((p) => p !== period)
        : PERIODS.filter((p) => p === period || current.includes(p)),
    );

  return (
    <Page title={t('embedKeysTitle')}>
      <p className="muted">{t('embedKeysIntro')}</p>
      <form className="card embed-form" onSubmit={submit} aria-labelledby="mint-title">
        <h2 id="mint-title">{t('embedKeyMint')}</h2>
        <label>
          {t('embedKeyName')}
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={80} />
        </label>
        {errors.name ? <p className="error">{errors.name}</p> : null}
        <label>
          {t('embedKeyScope')}
          <input value={scope} onChange={(event) => setScope(event.target.value)} required />
        </label>
        {errors.scope ? <p className="error">{errors.scope}</p> : null}
        <fieldset>
          <legend>{t('embedKeyPeriods')}</legend>
          {PERIODS.map((period) => (
            <label key={period} className="inline">
              <input type="checkbox" checked={periods.includes(period)} onChange={() => toggle(period)} />{' '}
              {t(period)}
            </label>
          ))}
        </fieldset>
        {errors.periods ? <p className="error">{errors.periods}</p> : null}
        <label>
          {t('embedKeyOrigins')}
          <textarea value={origins} onChange={(event) => setOrigins(event.target.value)} rows={2} />
        </label>
        {Object.entries(errors)
          .filter(([field]) => field.startsWith('allowedOrigins'))
          .map(([field, message]) => (
            <p key={field} className="error">
              {message}
            </p>
          ))}
        <button type="submit" disabled={mint.isPending || periods.length === 0}>
          {t('embedKeyMint')}
        </button>
        {Object.keys(errors).length === 0 ? <ErrorText error={mint.error} /> : null}
      </form>
      {minted ? (
        <div className="card embed-form minted" role="status" data-testid="minted-key">
          <p>
            <strong>{t('embedKeyShownOnce')}</strong>
          </p>
          <p>
            {t('embedKeyTvLink')}: <code data-testid="tv-link">{tvLink(window.location.origin, minted)}</code>
          </p>
          <p>
            {t('embedKeyWidget')}: <code>{`${window.location.origin}${minted.embedPath}`}</code>
          </p>
        </div>
      ) : null}
      <Loaded query={keys}>
        {(data) => {
          const list = data as EmbedKeyList;
          if (list.items.length === 0) return <p className="empty">{t('embedKeysNone')}</p>;
          return (
            <div className="table-wrap">
              <table data-testid="embed-keys">
                <thead>
                  <tr>
                    <th scope="col">{t('embedKeyName')}</th>
                    <th scope="col">{t('embedKeyScope')}</th>
                    <th scope="col">{t('embedKeyPeriods')}</th>
                    <th scope="col">{t('embedKeyCreated')}</th>
                    <th scope="col">{t('embedKeyState')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((key) => (
                    <tr key={key.keyId}>
                      <td>
                        {key.name} <code className="muted">{key.keyId}</code>
                      </td>
                      <td>{key.scope}</td>
                      <td>{key.periods.map((period) => t(period)).join(', ')}</td>
                      <td>
                        {day(key.createdAt)} · {key.createdBy}
                      </td>
                      <td>
                        {key.revokedAt ? (
                          `${t('embedKeyRevoked')} ${day(key.revokedAt)}`
                        ) : (
                          <button
                            type="button"
                            onClick={() => revoke.mutate(key.keyId)}
                            disabled={revoke.isPending}
                            aria-label={`${t('embedKeyRevoke')}: ${key.name}`}
                          >
                            {t('embedKeyRevoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ErrorText error={revoke.error} />
            </div>
          );
        }}
      </Loaded>
    </Page>
  );
}
