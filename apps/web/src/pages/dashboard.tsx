import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ApiError, post } from '../api';
import { LineChart, Series } from '../chart';
import { useI18n } from '../i18n';
import { downloadCsv, ErrorText, Loaded, Page } from '../ui';

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
interface Progress {
  baseline: { from: string | null; to: string | null; source: string };
  comparison: Record<
    string,
    { baseline: number; current: number; difference: number; percentChange: number | null }
  >;
}

const DAY_MS = 86_400_000;
const since = new Date(Date.now() - 84 * DAY_MS).toISOString();
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

function Table({
  name,
  header,
  rows,
}: {
  name: string;
  header: string[];
  rows: (string | number | null)[][];
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {header.map((cell) => (
              <th key={cell} scope="col">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column} className={typeof cell === 'number' ? 'num' : undefined}>
                  {cell ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => downloadCsv(`${name}.csv`, header, rows)}>
        {t('exportCsv')} ({name})
      </button>
    </div>
  );
}

function Baseline() {
  const { t } = useI18n();
  const client = useQueryClient();
  const progress = useQuery<Progress>({ queryKey: ['/api/v1/baseline/progress'] });
  const freeze = useMutation({
    mutationFn: () =>
      post('/api/v1/baseline', { source: 'frozen', from: new Date(Date.now() - 30 * DAY_MS).toISOString() }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['/api/v1/baseline/progress'] }),
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
  return (
    <Loaded query={progress}>
      {(data) => (
        <Table
          name="baseline"
          header={['metric', t('baseline'), t('now'), t('change'), '%']}
          rows={Object.entries(data.comparison).map(([metric, c]) => [
            metric,
            c.baseline,
            c.current,
            c.difference,
            c.percentChange,
          ])}
        />
      )}
    </Loaded>
  );
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
  const weekly = useMemo(() => perWeek(days.data?.groups ?? []), [days.data]);
  const weeklySeries = useMemo<Series[]>(
    () => [
      { label: t('shares'), values: weekly.map((w) => w.shares), color: '#0f4c81' },
      { label: t('clicks'), values: weekly.map((w) => w.clicks), color: '#c0392b' },
      { label: t('engagement'), values: weekly.map((w) => w.reactions), color: '#1e8449' },
    ],
    [weekly, t],
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
