import type { Period } from '@advocacy/contracts';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useStream } from '../sse';
import { LiveDot } from '../ui';
import { displayRanks, LiveView, streamPath } from './boards';

/**
 * The embed key of a TV link (`/tv?scope=…&period=…#key=<keyId>.<secret>`): the fragment never reaches
 * a server, so the secret stays out of access logs and Referer headers.
 */
export function embedKeyOfLocation(): string | null {
  const match = /[#&]key=([^&]+)/.exec(window.location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * Full-screen live board for office screens: large type, rows slide to their new place when ranks
 * change (FLIP animation), a toast for badge moments. A screen signs in with an embed key in the
 * link (read-only, one board, revocable); an admin may also open it signed in.
 */
export default function TvPage() {
  const { t } = useI18n();
  const params = new URLSearchParams(window.location.search);
  const scope = params.get('scope') ?? 'global';
  const period = (params.get('period') ?? 'week') as Period;
  const embedKey = embedKeyOfLocation();
  const [toast, setToast] = useState<string | null>(null);
  const { data, live, refused } = useStream<LiveView>(
    streamPath(scope, period, 10),
    (badge) => {
      const name =
        (badge as { name?: string; badgeId?: string }).name ?? (badge as { badgeId?: string }).badgeId;
      setToast(t('badgeToast', { name: name ?? '' }));
    },
    embedKey ? `EmbedKey ${embedKey}` : undefined,
  );
  const rows = useRef(new Map<string, HTMLLIElement>());
  const previous = useRef(new Map<string, number>());
  useLayoutEffect(() => {
    for (const [id, element] of rows.current) {
      const top = element.getBoundingClientRect().top;
      const before = previous.current.get(id);
      if (before !== undefined && before !== top) {
        element.animate([{ transform: `translateY(${before - top}px)` }, { transform: 'none' }], {
          duration: 600,
          easing: 'ease-out',
        });
      }
      previous.current.set(id, top);
    }
  }, [data]);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);
  const entries = data?.entries ?? [];
  const ranks = displayRanks(entries);
  return (
    <div className="tv">
      <header className="tv-head">
        <h1 id="page-title">
          {t('tvTitle')} · {scope === 'global' ? t('global') : scope} · {t(period)}
        </h1>
        <LiveDot live={live} />
        <button type="button" onClick={() => void document.documentElement.requestFullscreen?.()}>
          {t('fullScreen')}
        </button>
      </header>
      {refused ? (
        <p className="tv-refused" role="alert">
          {refused === 'revoked' ? t('tvKeyRevoked') : t('tvKeyRefused', { reason: refused })}
        </p>
      ) : null}
      <ol className="tv-board">
        {entries.map((entry, index) => {
          const id = entry.employeeId ?? entry.teamId ?? String(index);
          return (
            <li
              key={id}
              ref={(element) => {
                if (element) rows.current.set(id, element);
                else rows.current.delete(id);
              }}
            >
              <span className="tv-rank">{ranks[index].rank}</span>
              <span className="tv-name">
                {entry.displayName ?? entry.employeeId ?? entry.teamId}
                {entry.hero ? <span className="tv-hero">★ HERO</span> : null}
              </span>
              <span className="tv-points">{entry.points}</span>
            </li>
          );
        })}
      </ol>
      {toast ? (
        <div className="toast" role="status">
          {toast}
        </div>
      ) : null}
    </div>
  );
}
