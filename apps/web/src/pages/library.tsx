import {
  CONTENT_STATUSES,
  ContentItem,
  ContentStatus,
  CreateContentBody,
  CreateSourceBody,
  NETWORKS,
  RejectContentBody,
} from '@advocacy/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldErrors, api, post } from '../api';
import { hasRole } from '../auth';
import { useI18n } from '../i18n';
import { ErrorText, Loaded, Page } from '../ui';
import { Field, zodErrors } from './propose';
import { NETWORK_NAMES } from './share';

interface Source {
  sourceId: string;
  url: string;
  lastPolledAt: string | null;
  lastError: string | null;
  imported: number;
}

function ItemActions({ item }: { item: ContentItem }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const [captionsOpen, setCaptionsOpen] = useState(false);
  const [captions, setCaptions] = useState<Record<string, string>>(() =>
    Object.fromEntries(NETWORKS.map((network) => [network, (item.captions[network] ?? []).join('\n')])),
  );
  const act = useMutation({
    mutationFn: ({ action, body }: { action: string; body?: unknown }) =>
      action === 'captions'
        ? api(`/api/v1/content/${item.contentId}`, { method: 'PATCH', body })
        : post(`/api/v1/content/${item.contentId}/${action}`, body ?? {}),
    onSuccess: () =>
      client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('/api/v1/content') }),
  });
  const button = (action: string, label: string, body?: unknown) => (
    <button type="button" disabled={act.isPending} onClick={() => act.mutate({ action, body })}>
      {label}
    </button>
  );
  const reviewer = hasRole('reviewer');
  const editor = hasRole('editor');
  return (
    <div className="actions">
      {item.status === 'draft' && editor ? button('submit', t('submitReview')) : null}
      {item.status === 'in_review' && reviewer ? (
        <>
          {button('approve', t('approve'))}
          <label className="inline">
            <span className="sr-only">{t('rejectComment')}</span>
            <input
              placeholder={t('rejectComment')}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
          </label>
          <button
            type="button"
            disabled={!RejectContentBody.safeParse({ comment }).success || act.isPending}
            onClick={() => act.mutate({ action: 'reject', body: { comment } })}
          >
            {t('reject')}
          </button>
        </>
      ) : null}
      {item.status === 'approved' && reviewer ? button('publish', t('publish')) : null}
      {item.status !== 'archived' && item.status !== 'in_review' ? button('archive', t('archive')) : null}
      {editor ? (
        <button type="button" aria-expanded={captionsOpen} onClick={() => setCaptionsOpen(!captionsOpen)}>
          {t('caption')}
        </button>
      ) : null}
      {captionsOpen ? (
        <div className="captions">
          {NETWORKS.map((network) => (
            <label key={network}>
              {t('captionsPer', { network: NETWORK_NAMES[network] })}
              <textarea
                rows={2}
                value={captions[network]}
                onChange={(event) => setCaptions({ ...captions, [network]: event.target.value })}
              />
            </label>
          ))}
          <button
            type="button"
            onClick={() =>
              act.mutate({
                action: 'captions',
                body: {
                  captions: Object.fromEntries(
                    Object.entries(captions)
                      .map(([network, text]): [string, string[]] => [
                        network,
                        text
                          .split('\n')
                          .map((l) => l.trim())
                          .filter(Boolean),
                      ])
                      .filter(([, lines]) => lines.length > 0),
                  ),
                },
              })
            }
          >
            {t('save')}
          </button>
        </div>
      ) : null}
      <ErrorText error={act.error} />
    </div>
  );
}

function NewItem() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [form, setForm] = useState({ title: '', url: '', summary: '', topics: '', campaignId: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: unknown) => post('/api/v1/content', body),
    onSuccess: () => {
      setForm({ title: '', url: '', summary: '', topics: '', campaignId: '' });
      return client.invalidateQueries({
        predicate: (q) => String(q.queryKey[0]).startsWith('/api/v1/content'),
      });
    },
    onError: (error) => setErrors(fieldErrors(error)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = CreateContentBody.safeParse({
      title: form.title,
      url: form.url,
      summary: form.summary || undefined,
      topics: form.topics
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      campaignId: form.campaignId || undefined,
    });
    if (!parsed.success) return setErrors(zodErrors(parsed.error.issues));
    setErrors({});
    create.mutate(parsed.data);
  };
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });
  return (
    <details className="panel">
      <summary>{t('newContent')}</summary>
      <form onSubmit={submit} noValidate>
        <Field id="n-title" label={t('title')} error={errors.title}>
          {(props) => <input {...props} value={form.title} onChange={set('title')} />}
        </Field>
        <Field id="n-url" label={t('url')} error={errors.url}>
          {(props) => <input {...props} type="url" value={form.url} onChange={set('url')} />}
        </Field>
        <Field id="n-summary" label={t('summary')} error={errors.summary}>
          {(props) => <textarea {...props} rows={2} value={form.summary} onChange={set('summary')} />}
        </Field>
        <Field id="n-topics" label={t('topicsComma')} error={errors.topics}>
          {(props) => <input {...props} value={form.topics} onChange={set('topics')} />}
        </Field>
        <Field id="n-campaign" label={t('campaign')} error={errors.campaignId}>
          {(props) => <input {...props} value={form.campaignId} onChange={set('campaignId')} />}
        </Field>
        <button type="submit" className="primary">
          {t('create')}
        </button>
        <ErrorText error={create.error} />
      </form>
    </details>
  );
}

function Sources() {
  const { t } = useI18n();
  const client = useQueryClient();
  const sources = useQuery<{ sources: Source[] }>({ queryKey: ['/api/v1/sources'] });
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string>();
  const add = useMutation({
    mutationFn: (body: unknown) => post('/api/v1/sources', body),
    onSuccess: () => {
      setUrl('');
      return client.invalidateQueries({ queryKey: ['/api/v1/sources'] });
    },
  });
  return (
    <section aria-labelledby="sources-title">
      <h2 id="sources-title">{t('sources')}</h2>
      <Loaded query={sources}>
        {({ sources: list }) => (
          <ul className="list">
            {list.map((source) => (
              <li key={source.sourceId}>
                <code>{source.url}</code>
                <span className="muted">
                  {' '}
                  {t('lastResult')}:{' '}
                  {source.lastPolledAt
                    ? `${source.lastError ?? `+${source.imported}`} (${new Date(source.lastPolledAt).toLocaleString()})`
                    : '—'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = CreateSourceBody.safeParse({ url });
          if (!parsed.success) return setError(parsed.error.issues[0].message);
          setError(undefined);
          add.mutate(parsed.data);
        }}
      >
        <label className="inline">
          <span className="sr-only">{t('url')}</span>
          <input
            type="url"
            placeholder="https://…/feed.xml"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={!!error}
          />
        </label>
        <button type="submit">{t('addSource')}</button>
        {error ? <span className="field-error">{error}</span> : null}
        <ErrorText error={add.error} />
      </form>
    </section>
  );
}

export default function LibraryPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<ContentStatus | ''>('in_review');
  const items = useQuery<{ items: ContentItem[] }>({
    queryKey: [`/api/v1/content?limit=100${status ? `&status=${status}` : ''}`],
  });
  return (
    <Page title={t('libraryTitle')}>
      <NewItem />
      <label className="inline">
        {t('status')}{' '}
        <select value={status} onChange={(event) => setStatus(event.target.value as ContentStatus | '')}>
          <option value="">—</option>
          {CONTENT_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <Loaded query={items}>
        {(page) => (
          <ul className="library">
            {page.items.map((item) => (
              <li key={item.contentId} className="panel" data-testid="library-item">
                <div className="row spread">
                  <h3>{item.title}</h3>
                  <span className={`status ${item.status}`}>{item.status}</span>
                </div>
                <p className="muted">
                  <a href={item.url} target="_blank" rel="noopener noreferrer">
                    {item.url}
                  </a>
                  {item.submittedBy ? ` · ${item.submittedBy}` : ''}
                  {item.reviewComment ? ` · “${item.reviewComment}”` : ''}
                </p>
                <ItemActions item={item} />
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {hasRole('admin') ? <Sources /> : null}
    </Page>
  );
}
