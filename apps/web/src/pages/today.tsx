import type { FeedPage } from '@advocacy/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import { Link } from 'wouter';
import { useI18n } from '../i18n';
import { Loaded, Page } from '../ui';

type FeedItem = z.infer<typeof FeedPage>['items'][number];
/** `GET /api/v1/suggestions` (content service): what the daily job offered the caller today. */
export interface Suggestions {
  day: string | null;
  reason: string | null;
  items: { contentId: string; title: string; url: string; summary: string | null }[];
}

export const FEED_PATH = '/api/v1/feed?limit=50';
/** The feed in the profile's language (''), another language, or `all`. */
export const feedPath = (language: string) =>
  language ? `${FEED_PATH}&language=${encodeURIComponent(language)}` : FEED_PATH;
/** Matches every cached feed, whatever its language filter. */
export const isFeedQuery = (query: { queryKey: readonly unknown[] }) =>
  String(query.queryKey[0]).startsWith('/api/v1/feed');
const NEW_FOR_MS = 48 * 3600 * 1000;

function Card({ item, now }: { item: FeedItem; now: number }) {
  const { t } = useI18n();
  const fresh = now - Date.parse(item.publishedAt) < NEW_FOR_MS;
  return (
    <article className="card" aria-labelledby={`title-${item.contentId}`}>
      {item.imageUrl ? <img src={item.imageUrl} alt="" loading="lazy" width={640} height={320} /> : null}
      <div className="card-body">
        <div className="tags">
          {fresh ? <span className="tag new">{t('newBadge')}</span> : null}
          <span className="tag lang" lang={item.language}>
            {item.language.toUpperCase()}
          </span>
          {item.campaignId ? (
            <span className="tag campaign">
              {t('campaign')}: {item.campaignId}
            </span>
          ) : null}
          {item.topics.map((topic) => (
            <span className="tag" key={topic}>
              {topic}
            </span>
          ))}
        </div>
        <h3 id={`title-${item.contentId}`}>
          <a href={item.url} target="_blank" rel="noopener noreferrer">
            {item.title}
          </a>
        </h3>
        {item.summary ? <p className="summary">{item.summary}</p> : null}
        <Link
          href={`/share/${item.contentId}`}
          className="button primary"
          aria-label={`${t('share')}: ${item.title}`}
        >
          {t('share')}
        </Link>
      </div>
    </article>
  );
}

export function TodayPage() {
  const { t } = useI18n();
  const [topic, setTopic] = useState('');
  const [language, setLanguage] = useState('');
  const feed = useQuery<z.infer<typeof FeedPage>>({ queryKey: [feedPath(language)] });
  const suggestions = useQuery<Suggestions>({ queryKey: ['/api/v1/suggestions'] });
  const now = Date.now();
  const topics = useMemo(
    () => [...new Set((feed.data?.items ?? []).flatMap((item) => item.topics))].sort(),
    [feed.data],
  );
  return (
    <Page
      title={t('todayTitle')}
      actions={
        <>
          <label className="inline">
            {t('topic')}{' '}
            <select value={topic} onChange={(event) => setTopic(event.target.value)}>
              <option value="">{t('allTopics')}</option>
              {topics.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            {t('contentLanguage')}{' '}
            <select value={language} onChange={(event) => setLanguage(event.target.value)}>
              <option value="">{t('myLanguage')}</option>
              <option value="all">{t('allLanguages')}</option>
              <option value="en">English</option>
              <option value="nl">Nederlands</option>
            </select>
          </label>
        </>
      }
    >
      <Loaded query={feed}>
        {(page) => {
          const shown = page.items.filter((item) => !topic || item.topics.includes(topic));
          const picked = new Set((suggestions.data?.items ?? []).map((item) => item.contentId));
          const suggested = shown.filter((item) => picked.has(item.contentId));
          const rest = shown.filter((item) => !picked.has(item.contentId));
          if (shown.length === 0) return <p className="empty">{t('nothingToShare')}</p>;
          return (
            <>
              {suggested.length > 0 ? (
                <>
                  <h2>{t('suggestedForYou')}</h2>
                  {suggestions.data?.reason ? <p className="muted">{suggestions.data.reason}</p> : null}
                  <div className="cards">
                    {suggested.map((item) => (
                      <Card key={item.contentId} item={item} now={now} />
                    ))}
                  </div>
                </>
              ) : null}
              {rest.length > 0 ? (
                <>
                  <h2>{t('feed')}</h2>
                  <div className="cards">
                    {rest.map((item) => (
                      <Card key={item.contentId} item={item} now={now} />
                    ))}
                  </div>
                </>
              ) : null}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
