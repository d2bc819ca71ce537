import type { BoardResponse, Period, RankResponse } from '@advocacy/contracts';
import { PERIODS } from '@advocacy/contracts';
import { useState } from 'react';
import { MessageKey, useI18n } from '../i18n';
import { useStream } from '../sse';
import { LiveDot, Page, useSession } from '../ui';

export type LiveView = BoardResponse & {
  me: Pick<RankResponse, 'rank' | 'points' | 'gapToNext' | 'total' | 'sharedRank' | 'tiedWith'> | null;
};

type Translate = ReturnType<typeof useI18n>['t'];

/** "#2 of 40 (tied with 2) · 20 points to go" — the viewer's place as people read a tie. */
export function myRankText(me: NonNullable<LiveView['me']>, t: Translate): string {
  const parts = [t('rankOf', { rank: me.sharedRank, total: me.total })];
  if (me.tiedWith > 0) parts[0] += ` (${t('tiedWith', { count: me.tiedWith })})`;
  const gap = me.sharedRank > 1 ? me.gapToNext : null;
  if (gap !== null && gap > 0) parts.push(t('gapToNext', { points: gap }));
  return parts.join(' · ');
}

export const streamPath = (scope: string, period: Period, limit: number) =>
  `/api/v1/leaderboards/${encodeURIComponent(scope)}/stream?period=${period}&limit=${limit}`;

/**
 * Ranks as people read them: equal points share the first rank of the group (the service orders
 * ties deterministically, but a tie is a tie).
 */
export function displayRanks(entries: BoardResponse['entries']): { rank: number; tie: boolean }[] {
  return entries.map((entry, index) => {
    let first = index;
    while (first > 0 && entries[first - 1].points === entry.points) first--;
    const tie =
      (index > 0 && entries[index - 1].points === entry.points) ||
      (index + 1 < entries.length && entries[index + 1].points === entry.points);
    return { rank: entries[first].rank, tie };
  });
}

export function BoardTable({ board, me, teams }: { board: BoardResponse; me?: string; teams?: boolean }) {
  const { t } = useI18n();
  if (board.entries.length === 0) return <p className="empty">{t('emptyBoard')}</p>;
  const ranks = displayRanks(board.entries);
  return (
    <table className="board">
      <caption className="sr-only">
        {board.scope} · {board.period}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('rank')}</th>
          <th scope="col">{t('name')}</th>
          <th scope="col" className="num">
            {t('points')}
          </th>
        </tr>
      </thead>
      <tbody>
        {board.entries.map((entry, index) => {
          const id = teams ? entry.teamId : entry.employeeId;
          const mine = !!me && id === me;
          return (
            <tr key={`${id}-${index}`} className={mine ? 'me' : undefined}>
              <td>
                {ranks[index].rank}
                {ranks[index].tie ? <span className="tie"> ({t('tie')})</span> : null}
              </td>
              <td>
                {teams ? entry.teamId : (entry.displayName ?? entry.employeeId)}
                {mine ? <span className="you"> ({t('you')})</span> : null}
              </td>
              <td className="num">{entry.points}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function BoardsPage() {
  const { t } = useI18n();
  const current = useSession();
  const team = current?.claims.team;
  const [kind, setKind] = useState<'global' | 'team' | 'teams' | 'campaign'>('global');
  const [campaign, setCampaign] = useState('');
  const [period, setPeriod] = useState<Period>('week');
  const scope =
    kind === 'team'
      ? team
        ? `team:${team}`
        : null
      : kind === 'campaign'
        ? campaign
          ? `campaign:${campaign}`
          : null
        : kind;
  const { data, live } = useStream<LiveView>(scope ? streamPath(scope, period, 50) : null);
  const kinds: [typeof kind, MessageKey][] = [
    ['global', 'global'],
    ...(team ? [['team', 'myTeam'] as [typeof kind, MessageKey]] : []),
    ['teams', 'teams'],
    ['campaign', 'campaignBoard'],
  ];
  return (
    <Page title={t('boardsTitle')} actions={<LiveDot live={live} />}>
      <div className="filters">
        <fieldset className="segmented">
          <legend>{t('scope')}</legend>
          {kinds.map(([value, label]) => (
            <label key={value} className={kind === value ? 'chip on' : 'chip'}>
              <input type="radio" name="scope" checked={kind === value} onChange={() => setKind(value)} />
              {t(label)}
            </label>
          ))}
        </fieldset>
        {kind === 'campaign' ? (
          <label>
            {t('campaign')}{' '}
            <input value={campaign} onChange={(event) => setCampaign(event.target.value.trim())} />
          </label>
        ) : null}
        <fieldset className="segmented">
          <legend>{t('period')}</legend>
          {PERIODS.map((value) => (
            <label key={value} className={period === value ? 'chip on' : 'chip'}>
              <input
                type="radio"
                name="period"
                checked={period === value}
                onChange={() => setPeriod(value)}
              />
              {t(value)}
            </label>
          ))}
        </fieldset>
      </div>
      {data?.me ? (
        <p className="my-rank" data-testid="my-board-rank">
          {t('myRank')}: {myRankText(data.me, t)} · {data.me.points} {t('points')}
        </p>
      ) : null}
      {data ? (
        <BoardTable
          board={data}
          me={kind === 'teams' ? team : current?.claims.sub}
          teams={kind === 'teams'}
        />
      ) : scope ? (
        <p role="status">{t('loading')}</p>
      ) : null}
    </Page>
  );
}
