import type { Period } from '@advocacy/contracts';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useStream } from '../sse';
import { LiveDot } from '../ui';
import { displayRanks, LiveView, streamPath } from './boards';

/**
 * Full-screen live board for office screens: large type, rows slide to their new place when ranks
 * change (FLIP animation), a toast for badge moments.
 */
export default function TvPage() {
  const { t } = useI18n();
  const params = new URLSearchParams(window.location.search);
  const scope = params.get('scope') ?? 'global';
  const period = (params.get('period') ?? 'week') as Period;
  const [toast, setToast] = useState<string | null>(null);
  const { data, live } = useStream<LiveView>(streamPath(scope, period, 10), (badge) => {
    const name =
      (badge as { name?: string; badgeId?: string }).name ?? (badge as { badgeId?: string }).badgeId;
    setToast(t('badgeToast', { name: name ?? '' }));
  });
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
              <span className="tv-name">{entry.displayName ?? entry.employeeId ?? entry.teamId}</span>
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
