import type { MyHero, PointsSummary } from '@advocacy/contracts';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { useStream } from '../sse';
import { Loaded, LiveDot, Page, useSession } from '../ui';
import { LiveView, streamPath } from './boards';

interface Badges {
  badges: { badgeId: string; level: string | null; name: string; reason: string; awardedAt: string }[];
}

function RankCard({ label, scope }: { label: string; scope: string }) {
  const { t } = useI18n();
  const { data, live } = useStream<LiveView>(streamPath(scope, 'week', 3));
  return (
    <div className="stat" data-testid={`rank-${scope.split(':')[0]}`}>
      <span className="stat-label">
        {label} · {t('week')} <LiveDot live={live} />
      </span>
      <span className="stat-value">
        {data?.me ? t('rankOf', { rank: data.me.sharedRank, total: data.me.total }) : t('notRanked')}
      </span>
      {data?.me ? (
        <span className="muted" data-testid={`rank-points-${scope.split(':')[0]}`}>
          {data.me.points} {t('points')}
          {data.me.tiedWith > 0 ? ` · ${t('tiedWith', { count: data.me.tiedWith })}` : ''}
          {data.me.sharedRank > 1 && data.me.gapToNext
            ? ` · ${t('gapToNext', { points: data.me.gapToNext })}`
            : ''}
        </span>
      ) : null}
    </div>
  );
}

/** HERO status: since when and on what basis, the grace left, or what is still missing. */
function HeroPanel({ hero }: { hero: MyHero }) {
  const { t, day } = useI18n();
  const { progress } = hero;
  return (
    <div
      className={hero.status === 'active' ? 'panel hero-panel active' : 'panel hero-panel'}
      data-testid="hero"
    >
      <h2>{t('heroStatus')}</h2>
      <p className="stat-value">
        {hero.status === 'active'
          ? `★ ${t('hero')}`
          : hero.status === 'lapsed'
            ? t('heroLapsed')
            : t('notHero')}
      </p>
      {hero.status === 'active' && hero.since ? (
        <p>
          {t(hero.basis === 'nominated' ? 'heroSinceNominated' : 'heroSinceRule', { date: day(hero.since) })}
        </p>
      ) : null}
      {hero.graceUntil ? <p>{t('heroGrace', { date: day(hero.graceUntil) })}</p> : null}
      <p className="muted">
        {t('heroWindow', { days: progress.windowDays, points: progress.points, shares: progress.shares })}
        {progress.teamRank !== null ? ` · ${t('heroTeamRank', { rank: progress.teamRank })}` : ''}
      </p>
      <p data-testid="hero-explanation">
        {progress.meetsRule ? t('heroMeets') : t('heroMissing')}: {progress.explanation}
      </p>
    </div>
  );
}

export function PointsPage() {
  const { t, dateTime } = useI18n();
  const current = useSession();
  const me = current?.claims.sub ?? '';
  const points = useQuery<PointsSummary>({
    queryKey: ['/api/v1/points/me?limit=50'],
    refetchInterval: 10_000,
  });
  const badges = useQuery<Badges>({ queryKey: [`/api/v1/badges/${encodeURIComponent(me)}`] });
  const hero = useQuery<MyHero>({ queryKey: ['/api/v1/me/hero'] });
  return (
    <Page title={t('pointsTitle')}>
      <div className="stats">
        <RankCard label={t('global')} scope="global" />
        {current?.claims.team ? <RankCard label={t('myTeam')} scope={`team:${current.claims.team}`} /> : null}
      </div>
      <Loaded query={points}>
        {(summary) => {
          const { level } = summary;
          const span = level.nextAt === null ? 1 : level.nextAt - level.minPoints;
          const progress = level.nextAt === null ? 1 : (summary.total - level.minPoints) / span;
          return (
            <>
              <div className="stats">
                <div className="stat">
                  <span className="stat-label">{t('total')}</span>
                  <span className="stat-value" data-testid="points-total">
                    {summary.total}
                  </span>
                </div>
                <div className="stat">
                  <span className="stat-label">{t('thisWeek')}</span>
                  <span className="stat-value">{summary.week}</span>
                </div>
                <div className="stat">
                  <span className="stat-label">{t('today')}</span>
                  <span className="stat-value">{summary.day}</span>
                </div>
              </div>
              <div className="panel">
                <h2>{t('level', { n: level.number, name: level.name })}</h2>
                <progress max={1} value={Math.min(1, Math.max(0, progress))} aria-label={level.name} />
                <p className="muted">
                  {level.nextAt === null
                    ? t('maxLevel')
                    : t('toNext', { points: level.nextAt - summary.total, next: level.nextAt })}
                </p>
              </div>
              <h2>{t('history')}</h2>
              <ul className="history">
                {summary.history.items.map((line) => (
                  <li key={line.entryId}>
                    <span className={line.points < 0 ? 'delta minus' : 'delta'}>
                      {line.points > 0 ? `+${line.points}` : line.points}
                    </span>
                    <span className="explanation">{line.explanation}</span>
                    <time className="muted" dateTime={line.occurredAt}>
                      {dateTime(line.occurredAt)}
                    </time>
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </Loaded>
      <Loaded query={hero}>{(status) => <HeroPanel hero={status} />}</Loaded>
      <h2>{t('badges')}</h2>
      <Loaded query={badges}>
        {(list) =>
          list.badges.length === 0 ? (
            <p className="muted">{t('noBadges')}</p>
          ) : (
            <ul className="badges">
              {list.badges.map((badge) => (
                <li
                  key={`${badge.badgeId}-${badge.level}-${badge.awardedAt}`}
                  className={`badge ${badge.level ?? ''}`}
                >
                  <strong>{badge.name}</strong>
                  {badge.level ? ` · ${badge.level}` : ''}
                  <span className="muted"> — {badge.reason}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Page>
  );
}
