import {
  CreateShareBody,
  FeedPage,
  GuidelineFindingBody,
  GuidelinesDocument,
  NETWORKS,
  Network,
  ShareCreatedBody,
} from '@advocacy/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'wouter';
import type { z } from 'zod';
import { api, post } from '../api';
import { useI18n } from '../i18n';
import { ErrorText, Loaded, Page } from '../ui';
import { isFeedQuery } from './today';

type Finding = z.infer<typeof GuidelineFindingBody>;
interface CheckResult {
  verdict: 'safe' | 'warning' | 'blocked';
  findings: Finding[];
}
type Guidelines = z.infer<typeof GuidelinesDocument>;
interface ShareableItem {
  contentId: string;
  title: string;
  url: string;
  captions: Partial<Record<Network, string | string[]>>;
}

export const NETWORK_NAMES: Record<Network, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  xing: 'XING',
};

/** The text with each finding's span wrapped in a mark; overlapping spans are merged into the first. */
export function MarkedText({ text, findings }: { text: string; findings: Finding[] }) {
  const spans = [...findings].filter((f) => f.end > f.start).sort((a, b) => a.start - b.start);
  const parts: JSX.Element[] = [];
  let at = 0;
  spans.forEach((finding, index) => {
    if (finding.start < at) return;
    parts.push(<Fragment key={`t${index}`}>{text.slice(at, finding.start)}</Fragment>);
    parts.push(
      <mark key={`m${index}`} className={finding.severity} title={finding.message}>
        {text.slice(finding.start, finding.end)}
      </mark>,
    );
    at = finding.end;
  });
  parts.push(<Fragment key="rest">{text.slice(at)}</Fragment>);
  return <p className="marked">{parts}</p>;
}

/** Debounced guideline check of the text as it is typed; stale answers are dropped. */
export function useGuidelineCheck(network: Network, text: string, contentId?: string) {
  const [result, setResult] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    setChecking(true);
    const timer = setTimeout(() => {
      post<CheckResult>('/api/v1/guidelines/check', { network, text, contentId })
        .then((answer) => ticket === latest.current && setResult(answer))
        .catch(() => undefined)
        .finally(() => ticket === latest.current && setChecking(false));
    }, 250);
    return () => clearTimeout(timer);
  }, [network, text, contentId]);
  return { result, checking };
}

export function CheckView({
  text,
  result,
  checking,
}: {
  text: string;
  result: CheckResult | null;
  checking: boolean;
}) {
  const { t } = useI18n();
  const verdict = result?.verdict;
  return (
    <div className={`check ${verdict ?? ''}`} aria-live="polite" data-testid="check">
      <p className="verdict">
        {checking && !result
          ? t('checking')
          : verdict === 'blocked'
            ? t('checkBlocked')
            : verdict === 'warning'
              ? t('checkWarning')
              : t('checkSafe')}
      </p>
      {result && result.findings.length > 0 ? (
        <>
          <MarkedText text={text} findings={result.findings} />
          <ul className="findings">
            {result.findings.map((finding, index) => (
              <li key={index} className={finding.severity}>
                <strong>{finding.severity === 'blocked' ? t('blocked') : t('warning')}:</strong> “
                {text.slice(finding.start, finding.end)}” — {finding.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function GuidelinesGate({ guidelines }: { guidelines: Guidelines }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [agreed, setAgreed] = useState(false);
  const ack = useMutation({
    mutationFn: () => post('/api/v1/guidelines/acknowledge', { version: guidelines.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['/api/v1/guidelines'] }),
  });
  if (guidelines.version === 0) return null;
  if (guidelines.acknowledged) return <p className="ok">{t('acknowledged', { v: guidelines.version })}</p>;
  return (
    <section className="panel guidelines" aria-labelledby="guidelines-title">
      <h2 id="guidelines-title">
        {t('guidelinesTitle')} · {t('version', { v: guidelines.version })}
      </h2>
      <div className="document" tabIndex={0}>
        {guidelines.document || '—'}
      </div>
      <label className="check-line">
        <input type="checkbox" checked={agreed} onChange={(event) => setAgreed(event.target.checked)} />{' '}
        {t('guidelinesAck')}
      </label>
      <button
        type="button"
        className="primary"
        disabled={!agreed || ack.isPending}
        onClick={() => ack.mutate()}
      >
        {t('acknowledge')}
      </button>
      <ErrorText error={ack.error} />
    </section>
  );
}

function captionOf(item: ShareableItem, network: Network): string {
  const caption = item.captions[network];
  return (Array.isArray(caption) ? caption[0] : caption) ?? `${item.title}`;
}

function ShareForm({ item, guidelines }: { item: ShareableItem; guidelines: Guidelines }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [network, setNetwork] = useState<Network>('linkedin');
  const [text, setText] = useState(() => captionOf(item, 'linkedin'));
  const [edited, setEdited] = useState(false);
  const [copied, setCopied] = useState(false);
  const attempt = useRef(crypto.randomUUID());
  const { result, checking } = useGuidelineCheck(network, text, item.contentId);
  const share = useMutation({
    mutationFn: () => {
      const body = CreateShareBody.parse({ contentId: item.contentId, network, text });
      return post<ShareCreatedBody>('/api/v1/shares', body, { 'idempotency-key': attempt.current });
    },
    onSuccess: (created) => {
      if (created.intentUrl) window.open(created.intentUrl, '_blank', 'noopener,noreferrer');
      void client.invalidateQueries({ predicate: isFeedQuery });
    },
  });
  const mustAcknowledge = guidelines.version > 0 && !guidelines.acknowledged;
  const blocked = result?.verdict === 'blocked';

  const chooseNetwork = (next: Network) => {
    setNetwork(next);
    if (!edited) setText(captionOf(item, next));
    attempt.current = crypto.randomUUID();
  };

  if (share.data) {
    const created = share.data;
    return (
      <section className="panel done" aria-live="polite">
        <p>{t('shared')}</p>
        <p>
          <code className="tracked">{created.trackedUrl}</code>
        </p>
        <div className="row">
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(created.trackedUrl).then(() => setCopied(true))
            }
          >
            {copied ? t('copied') : t('copyLink')}
          </button>
          {created.intentUrl ? (
            <a className="button" href={created.intentUrl} target="_blank" rel="noopener noreferrer">
              {t('openNetwork', { network: NETWORK_NAMES[network] })}
            </a>
          ) : null}
          <Link href="/points" className="button">
            {t('navPoints')}
          </Link>
        </div>
      </section>
    );
  }
  return (
    <form
      className="panel share-form"
      onSubmit={(event) => {
        event.preventDefault();
        share.mutate();
      }}
    >
      <fieldset className="networks">
        <legend>{t('network')}</legend>
        {NETWORKS.map((name) => (
          <label key={name} className={network === name ? 'chip on' : 'chip'}>
            <input
              type="radio"
              name="network"
              value={name}
              checked={network === name}
              onChange={() => chooseNetwork(name)}
            />
            {NETWORK_NAMES[name]}
          </label>
        ))}
      </fieldset>
      <label htmlFor="caption">{t('caption')}</label>
      <textarea
        id="caption"
        rows={5}
        value={text}
        aria-describedby="caption-hint"
        onChange={(event) => {
          setText(event.target.value);
          setEdited(true);
        }}
      />
      <p id="caption-hint" className="muted">
        {t('captionHint')}
      </p>
      <CheckView text={text} result={result} checking={checking} />
      <button type="submit" className="primary" disabled={mustAcknowledge || blocked || share.isPending}>
        {t('shareNow', { network: NETWORK_NAMES[network] })}
      </button>
      <ErrorText error={share.error} />
    </form>
  );
}

export function SharePage() {
  const { t } = useI18n();
  const { contentId } = useParams<{ contentId: string }>();
  const client = useQueryClient();
  const fromFeed = useMemo(
    () =>
      client
        .getQueriesData<z.infer<typeof FeedPage>>({ predicate: isFeedQuery })
        .flatMap(([, page]) => page?.items ?? [])
        .find((i) => i.contentId === contentId),
    [client, contentId],
  );
  const item = useQuery<ShareableItem>({
    queryKey: [`/api/v1/content/${contentId}`],
    queryFn: () => api<ShareableItem>(`/api/v1/content/${contentId}`),
    initialData: fromFeed,
  });
  const guidelines = useQuery<Guidelines>({ queryKey: ['/api/v1/guidelines'] });
  return (
    <Page title={t('shareTitle')}>
      <Loaded query={item}>
        {(content) => (
          <>
            <h2 className="share-title">{content.title}</h2>
            <Loaded query={guidelines}>
              {(document) => (
                <>
                  <GuidelinesGate guidelines={document} />
                  <ShareForm item={content} guidelines={document} />
                </>
              )}
            </Loaded>
          </>
        )}
      </Loaded>
    </Page>
  );
}
