import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ApiError, post } from '../api';
import { LineChart, Series } from '../chart';
import { MessageKey, useI18n } from '../i18n';
import { ErrorText, Loaded, Page, Table } from '../ui';

interface Figures {
  shares: number;
  clicks: number;
  uniqueClicks: number;
  reactions: number;
  impressions: number;
  potentialReach: number;
  emv: number;
}
interface Summary {
  from: string;
  to: string;
  totals: Figures & {
    participation: { employeesWithShares: number; employeesWithProfile: number; rate: number | null };
  };
  groups: ({ key: string } & Figures)[];
  emv: { settings: { currency: string } };
}
interface Comparison {
  baseline: number;
  current: number;
  difference: number;
  percentChange: number | null;
}
interface Progress {
  baseline: { from: string | null; to: string | null; source: 'frozen' | 'manual'; note: string | null };
  comparison: Record<string, Comparison>;
}

/** The baseline's metrics in the order the dashboard shows them (the API returns those it has). */
const BASELINE_METRICS: { metric: string; label: MessageKey; percent?: boolean }[] = [
  { metric: 'participationRate', label: 'participation', percent: true },
  { metric: 'shares', label: 'shares' },
  { metric: 'uniqueClicks', label: 'clicks' },
  { metric: 'reactions', label: 'engagement' },
  { metric: 'impressions', label: 'impressions' },
  { metric: 'emv', label: 'emv' },
];

const DAY_MS = 86_400_000;
const since = new Date(Date.now() - 84 * DAY_MS).toISOString();
const PROGRESS = '/api/v1/baseline/progress';
const summaryPath = (groupBy: string) =>
  `/api/v1/analytics/summary?from=${encodeURIComponent(since)}&groupBy=${groupBy}`;

/** The Monday (UTC) of a day "YYYY-MM-DD": the week a day belongs to on the weekly chart. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

export function perWeek(
  groups: ({ key: string } & Figures)[],
): { week: string; shares: number; clicks: number; reactions: number; emv: number }[] {
  const weeks = new Map<
    string,
    { week: string; shares: number; clicks: number; reactions: number; emv: number }
  >();
  for (const group of groups) {
    const week = weekOf(group.key);
    const row = weeks.get(week) ?? { week, shares: 0, clicks: 0, reactions: 0, emv: 0 };
    row.shares += group.shares;
    row.clicks += group.uniqueClicks;
    row.reactions += group.reactions;
    row.emv += group.emv;
    weeks.set(week, row);
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
}

const dayOf = (iso: string) => iso.slice(0, 10);

/** Shares per week of the baseline's period: the level the weekly chart measures progress against. */
export function baselineSharesPerWeek(progress: Progress | undefined): number | null {
  const shares = progress?.comparison.shares?.baseline;
  const { from, to } = progress?.baseline ?? {};
  if (shares === undefined || !from || !to) return null;
  const weeks = (new Date(to).getTime() - new Date(from).getTime()) / (7 * DAY_MS);
  return weeks > 0 ? Math.round((shares / weeks) * 10) / 10 : null;
}

function BaselineFigures({ data }: { data: Progress }) {
  const { t } = useI18n();
  const format = (value: number, percent?: boolean) =>
    percent ? `${Math.round(value * 100)}%` : Math.round(value).toLocaleString();
  const shown = BASELINE_METRICS.filter(({ metric }) => Object.hasOwn(data.comparison, metric));
  const { source, from, to, note } = data.baseline;
  return (
    <div className="panel" data-testid="baseline">
      <p className="muted" data-testid="baseline-source">
        {t(source === 'manual' ? 'baselineManual' : 'baselineFrozen')}
        {from && to ? ` · ${dayOf(from)} – ${dayOf(to)}` : ''}
        {note ? ` · ${note}` : ''}
      </p>
      <p>{t('baselineVsNow')}</p>
      <ul className="progress-list">
        {shown.map(({ metric, label, percent }) => {
          const c = data.comparison[metric];
          const scale = Math.max(c.baseline, c.current) || 1;
          const change =
            c.percentChange === null ? '' : `${c.percentChange > 0 ? '+' : ''}${c.percentChange}%`;
          return (
            <li key={metric} data-testid="baseline-metric">
              <span className="stat-label">{t(label)}</span>
              <span className="progress-figures">
                <span>
                  <span className="muted">{t('baseline')}</span> {format(c.baseline, percent)}
                </span>
                <span aria-hidden="true">→</span>
                <span>
                  <span className="muted">{t('now')}</span> <strong>{format(c.current, percent)}</strong>
                </span>
                <span className={c.difference < 0 ? 'error' : 'ok'} data-testid="baseline-change">
                  {change}
                </span>
              </span>
              <span className="bars" aria-hidden="true">
                <span className="bar before" style={{ width: `${(c.baseline / scale) * 100}%` }} />
                <span className="bar after" style={{ width: `${(c.current / scale) * 100}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      <Table
        name="baseline"
        header={['metric', t('baseline'), t('now'), t('change'), '%']}
        rows={shown.map(({ metric, label }) => {
          const c = data.comparison[metric];
          return [t(label), c.baseline, c.current, c.difference, c.percentChange];
        })}
      />
    </div>
  );
}

function Baseline() {
  const { t } = useI18n();
  const client = useQueryClient();
  const progress = useQuery<Progress>({ queryKey: [PROGRESS] });
  const freeze = useMutation({
    mutationFn: () =>
      post('/api/v1/baseline', { source: 'frozen', from: new Date(Date.now() - 30 * DAY_MS).toISOString() }),
    onSuccess: () => client.invalidateQueries({ queryKey: [PROGRESS] }),
  });
  if (progress.error instanceof ApiError && progress.error.status === 404)
    return (
      <div className="panel">
        <p>{t('noBaseline')}</p>
        <button type="button" onClick={() => freeze.mutate()}>
          {t('freezeBaseline')}
        </button>
        <ErrorText error={freeze.error} />
      </div>
    );
  return <Loaded query={progress}>{(data) => <BaselineFigures data={data} />}</Loaded>;
}

export default function DashboardPage() {
  const { t } = useI18n();
  const days = useQuery<Summary>({ queryKey: [summaryPath('day')] });
  const networks = useQuery<Summary>({ queryKey: [summaryPath('network')] });
  const content = useQuery<Summary>({ queryKey: [summaryPath('content')] });
  const teams = useQuery<Summary>({ queryKey: [summaryPath('team')] });
  const titles = useQuery<{ items: { contentId: string; title: string }[] }>({
    queryKey: ['/api/v1/content?limit=200&status=published'],
  });
  // the same query as the baseline panel's (one request); absent until a baseline exists
  const progress = useQuery<Progress>({ queryKey: [PROGRESS] });
  const weekly = useMemo(() => perWeek(days.data?.groups ?? []), [days.data]);
  const perWeekBefore = baselineSharesPerWeek(progress.data);
  const weeklySeries = useMemo<Series[]>(
    () => [
      { label: t('shares'), values: weekly.map((w) => w.shares), color: '#0f4c81' },
      { label: t('clicks'), values: weekly.map((w) => w.clicks), color: '#c0392b' },
      { label: t('engagement'), values: weekly.map((w) => w.reactions), color: '#1e8449' },
      ...(perWeekBefore === null
        ? []
        : [{ label: t('baselinePerWeek'), values: weekly.map(() => perWeekBefore), color: '#6b7280' }]),
    ],
    [weekly, perWeekBefore, t],
  );
  const title = (id: string) => titles.data?.items.find((item) => item.contentId === id)?.title ?? id;
  return (
    <Page title={t('dashboardTitle')}>
      <Loaded query={days}>
        {(summary) => (
          <div className="stats">
            <div className="stat">
              <span className="stat-label">{t('participation')}</span>
              <span className="stat-value" data-testid="participation">
                {summary.totals.participation.rate === null
                  ? '—'
                  : `${Math.round(summary.totals.participation.rate * 100)}%`}
              </span>
              <span className="muted">
                {summary.totals.participation.employeesWithShares} /{' '}
                {summary.totals.participation.employeesWithProfile}
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">{t('shares')}</span>
              <span className="stat-value">{summary.totals.shares}</span>
            </div>
            <div className="stat">
              <span className="stat-label">{t('clicks')}</span>
              <span className="stat-value">{summary.totals.uniqueClicks}</span>
            </div>
            <div className="stat">
              <span className="stat-label">{t('emv')}</span>
              <span className="stat-value">
                {Math.round(summary.totals.emv).toLocaleString()} {summary.emv.settings.currency}
              </span>
            </div>
          </div>
        )}
      </Loaded>
      <h2>{t('baseline')}</h2>
      <Baseline />
      <h2>{t('perWeek')}</h2>
      {weekly.length > 0 ? (
        <LineChart
          title={`${t('shares')} / ${t('clicks')} / ${t('engagement')}`}
          labels={weekly.map((w) => w.week)}
          series={weeklySeries}
        />
      ) : null}
      <Table
        name="weekly"
        header={['week', t('shares'), t('clicks'), t('engagement'), t('emv')]}
        rows={weekly.map((w) => [w.week, w.shares, w.clicks, w.reactions, Math.round(w.emv)])}
      />
      <h2>{t('perNetwork')}</h2>
      <Loaded query={networks}>
        {(summary) => (
          <Table
            name="networks"
            header={[t('network'), t('shares'), t('clicks'), 'impressions', t('emv')]}
            rows={summary.groups.map((g) => [
              g.key,
              g.shares,
              g.uniqueClicks,
              g.impressions,
              Math.round(g.emv),
            ])}
          />
        )}
      </Loaded>
      <h2>{t('topContent')}</h2>
      <Loaded query={content}>
        {(summary) => (
          <Table
            name="top-content"
            header={[t('title'), t('shares'), t('clicks'), t('engagement')]}
            rows={[...summary.groups]
              .sort((a, b) => b.uniqueClicks + b.shares - (a.uniqueClicks + a.shares))
              .slice(0, 10)
              .map((g) => [title(g.key), g.shares, g.uniqueClicks, g.reactions])}
          />
        )}
      </Loaded>
      <h2>{t('topTeams')}</h2>
      <Loaded query={teams}>
        {(summary) => (
          <Table
            name="teams"
            header={['team', t('shares'), t('clicks'), t('engagement'), t('emv')]}
            rows={summary.groups.map((g) => [
              g.key,
              g.shares,
              g.uniqueClicks,
              g.reactions,
              Math.round(g.emv),
            ])}
          />
        )}
      </Loaded>
    </Page>
  );
}
