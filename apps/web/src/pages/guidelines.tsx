import type { GuidelineVersions } from '@advocacy/contracts';
import { GuidelinesDocument, NETWORKS, Network, PutGuidelinesBody } from '@advocacy/contracts';
import { checkText } from '@advocacy/guidelines';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import { fieldErrors, put } from '../api';
import { useI18n } from '../i18n';
import { ErrorText, Loaded, Page, Table } from '../ui';
import { zodErrors } from './propose';
import { CheckView, NETWORK_NAMES } from './share';

type Guidelines = z.infer<typeof GuidelinesDocument>;
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

interface Draft {
  document: string;
  blockedTerms: string;
  blockedDomains: string;
  patterns: string;
  disclosure: Partial<Record<Network, string>>;
  maxLength: Partial<Record<Network, string>>;
  requireContentLink: boolean;
}

const draftOf = (g: Guidelines): Draft => ({
  document: g.document,
  blockedTerms: g.rules.blockedTerms.join('\n'),
  blockedDomains: g.rules.blockedDomains.join('\n'),
  patterns: g.rules.confidentialPatterns.map((p) => `${p.name}: ${p.pattern}`).join('\n'),
  disclosure: { ...g.rules.requiredDisclosure },
  maxLength: Object.fromEntries(Object.entries(g.rules.maxLength).map(([n, v]) => [n, String(v)])),
  requireContentLink: g.rules.requireContentLink,
});

/** The editor's fields as the PUT body (not yet validated). */
const bodyOf = (draft: Draft) => ({
  document: draft.document,
  rules: {
    blockedTerms: lines(draft.blockedTerms),
    blockedDomains: lines(draft.blockedDomains),
    confidentialPatterns: lines(draft.patterns).map((line) => {
      const at = line.indexOf(':');
      return at > 0
        ? { name: line.slice(0, at).trim(), pattern: line.slice(at + 1).trim() }
        : { name: line, pattern: line };
    }),
    requiredDisclosure: Object.fromEntries(Object.entries(draft.disclosure).filter(([, v]) => v && v.trim())),
    maxLength: Object.fromEntries(
      Object.entries(draft.maxLength)
        .filter(([, v]) => v && v.trim())
        .map(([n, v]) => [n, Number(v)]),
    ),
    requireContentLink: draft.requireContentLink,
  },
});

function Editor({ current }: { current: Guidelines }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(current));
  const [sample, setSample] = useState('We are hiring! #jobs');
  const [network, setNetwork] = useState<Network>('linkedin');
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const parsed = useMemo(() => PutGuidelinesBody.safeParse(bodyOf(draft)), [draft]);
  const errors = parsed.success ? serverErrors : { ...zodErrors(parsed.error.issues), ...serverErrors };
  // The preview runs the same checker as the services, on the draft rules, in the browser.
  const preview = useMemo(
    () => (parsed.success ? checkText(parsed.data.rules, { network, text: sample }) : null),
    [parsed, network, sample],
  );
  const publish = useMutation({
    mutationFn: () => put<Guidelines>('/api/v1/guidelines', PutGuidelinesBody.parse(bodyOf(draft))),
    onSuccess: (next) => {
      setServerErrors({});
      client.setQueryData(['/api/v1/guidelines'], next);
    },
    onError: (error) => setServerErrors(fieldErrors(error)),
  });
  const error = (prefix: string) =>
    Object.entries(errors)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, message]) => `${path}: ${message}`)
      .join('; ');
  const area = (
    key: 'document' | 'blockedTerms' | 'blockedDomains' | 'patterns',
    label: string,
    path: string,
    rows = 4,
  ) => {
    const message = error(path);
    return (
      <div className="field">
        <label htmlFor={`g-${key}`}>{label}</label>
        <textarea
          id={`g-${key}`}
          rows={rows}
          value={draft[key]}
          aria-invalid={!!message}
          aria-describedby={message ? `g-${key}-error` : undefined}
          onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
        />
        {message ? (
          <p className="field-error" id={`g-${key}-error`}>
            {message}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <div className="two-col">
      <form
        className="panel"
        onSubmit={(event) => {
          event.preventDefault();
          if (parsed.success) publish.mutate();
        }}
      >
        <p className="muted">{t('version', { v: current.version })}</p>
        {area('document', t('document'), 'document', 6)}
        {area('blockedTerms', t('blockedTerms'), 'rules.blockedTerms')}
        {area('blockedDomains', t('blockedDomains'), 'rules.blockedDomains')}
        {area('patterns', 'Confidential patterns (name: regular expression)', 'rules.confidentialPatterns')}
        {NETWORKS.map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`g-disc-${name}`}>{t('disclosure', { network: NETWORK_NAMES[name] })}</label>
            <input
              id={`g-disc-${name}`}
              value={draft.disclosure[name] ?? ''}
              onChange={(event) =>
                setDraft({ ...draft, disclosure: { ...draft.disclosure, [name]: event.target.value } })
              }
            />
          </div>
        ))}
        <label className="check-line">
          <input
            type="checkbox"
            checked={draft.requireContentLink}
            onChange={(event) => setDraft({ ...draft, requireContentLink: event.target.checked })}
          />{' '}
          {t('requireLink')}
        </label>
        <button type="submit" className="primary" disabled={!parsed.success || publish.isPending}>
          {t('publishGuidelines')}
        </button>
        {publish.isSuccess ? (
          <p className="ok" role="status">
            {t('saved')}
          </p>
        ) : null}
        <ErrorText error={publish.error} />
      </form>
      <section className="panel" aria-labelledby="preview-title">
        <h2 id="preview-title">{t('preview')}</h2>
        <label htmlFor="g-net">{t('network')}</label>
        <select id="g-net" value={network} onChange={(event) => setNetwork(event.target.value as Network)}>
          {NETWORKS.map((name) => (
            <option key={name} value={name}>
              {NETWORK_NAMES[name]}
            </option>
          ))}
        </select>
        <label htmlFor="g-sample">{t('sampleText')}</label>
        <textarea id="g-sample" rows={4} value={sample} onChange={(event) => setSample(event.target.value)} />
        <CheckView text={sample} result={preview} checking={false} />
      </section>
    </div>
  );
}

const VERSIONS = '/api/v1/guidelines/versions';

/**
 * Every published version and who acknowledged it: whether people read what they follow. Keyed by
 * the version in force, so a newly published one is fetched with the list.
 */
function Versions({ current }: { current: number | undefined }) {
  const { t, day } = useI18n();
  const versions = useQuery<GuidelineVersions>({
    queryKey: [VERSIONS, current],
    enabled: current !== undefined,
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="versions-title" data-testid="guideline-versions">
      <h2 id="versions-title">{t('guidelineVersions')}</h2>
      <Loaded query={versions}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{t('guidelineVersionsNone')}</p>
          ) : (
            <>
              <p className="muted">{t('guidelineAdvocates', { count: data.advocates })}</p>
              <Table
                name="guideline-versions.csv"
                header={[
                  t('versionColumn'),
                  t('publishedColumn'),
                  t('acknowledgedColumn'),
                  t('ackRateColumn'),
                ]}
                rows={data.items.map((item) => [
                  item.version,
                  `${day(item.publishedAt)} · ${item.publishedBy}`,
                  item.acknowledged,
                  item.rate === null ? null : `${Math.round(item.rate * 100)}%`,
                ])}
              />
            </>
          )
        }
      </Loaded>
    </section>
  );
}

export default function GuidelinesPage() {
  const { t } = useI18n();
  const current = useQuery<Guidelines>({ queryKey: ['/api/v1/guidelines'] });
  return (
    <Page title={t('guidelinesEditor')}>
      <Loaded query={current}>
        {(guidelines) => <Editor key={guidelines.version} current={guidelines} />}
      </Loaded>
      <Versions current={current.data?.version} />
    </Page>
  );
}
