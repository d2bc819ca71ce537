import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../api';
import { LineChart, Series } from '../chart';
import { MessageKey, useI18n } from '../i18n';
import { ErrorText, Loaded, Page, Table } from '../ui';

interface Cell {
  week: string;
  members: number;
  active: number;
  participation: number | null;
  vsBaseline: number | null;
}
interface Spread {
  timeZone: string;
  weeks: string[];
  baseline: { participationRate: number | null } | null;
  teams: { teamId: string; heroTeam: boolean; weeks: Cell[] }[];
  heroTeams: Cell[];
  otherTeams: Cell[];
}
interface Funnel {
  invited: number;
  accepted: number;
  firstShare: number;
  activeInWeek4: number;
}
interface Invitation {
  inviterId: string;
  inviteeId: string;
  invitedAt: string;
  acceptedAt: string | null;
  firstShareAt: string | null;
  activeInWeek4: boolean | null;
  credited: boolean;
}

const SPREAD = '/api/v1/programme/spread?weeks=8';
const FUNNEL = '/api/v1/programme/funnel';
const INVITATIONS = '/api/v1/programme/invitations';
const PALETTE = ['#0f4c81', '#c0392b', '#1e8449', '#8e44ad', '#b9770e', '#117a65', '#a93226', '#2e4053'];
const BASELINE_COLOR = '#6b7280';

const percent = (value: number | null) => (value === null ? null : `${Math.round(value * 100)}%`);
const points = (value: number | null) =>
  value === null ? null : `${value > 0 ? '+' : ''}${Math.round(value * 100)} pt`;
const dayOf = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/** Participation as a percentage line per series; weeks without members are drawn at 0. */
const line = (label: string, cells: Cell[], color: string): Series => ({
  label,
  values: cells.map((cell) => Math.round((cell.participation ?? 0) * 100)),
  color,
});

/** The server's CSV (it needs the bearer token, so a plain link cannot fetch it). */
function CsvDownload({ path, name }: { path: string; name: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    try {
      const text = await api<string>(path, { headers: { accept: 'text/csv' } });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      link.download = name;
      link.click();
      URL.revokeObjectURL(link.href);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void download()} data-testid="spread-csv">
        {t('downloadCsv')} ({name})
      </button>
      <ErrorText error={error} />
    </>
  );
}

function SpreadCharts({ spread }: { spread: Spread }) {
  const { t } = useI18n();
  const rate = spread.baseline?.participationRate ?? null;
  const baselineSeries = useMemo<Series[]>(
    () =>
      rate === null
        ? []
        : [
            {
              label: t('baselineParticipation', { rate: percent(rate) ?? '' }),
              values: spread.weeks.map(() => Math.round(rate * 100)),
              color: BASELINE_COLOR,
            },
          ],
    [rate, spread.weeks, t],
  );
  const teamSeries = useMemo<Series[]>(
    () => [
      ...spread.teams.map((team, index) =>
        line(`${team.teamId}${team.heroTeam ? ' ★' : ''}`, team.weeks, PALETTE[index % PALETTE.length]),
      ),
      ...baselineSeries,
    ],
    [spread.teams, baselineSeries],
  );
  const heroSeries = useMemo<Series[]>(
    () => [
      line(t('heroTeams'), spread.heroTeams, PALETTE[0]),
      line(t('otherTeams'), spread.otherTeams, PALETTE[1]),
      ...baselineSeries,
    ],
    [spread.heroTeams, spread.otherTeams, baselineSeries, t],
  );
  if (spread.teams.length === 0) return <p className="muted">{t('noSpread')}</p>;
  const header = [t('week'), t('team'), t('members'), t('active'), t('participation'), t('vsBaseline')];
  return (
    <>
      <p className="muted">{t('spreadLead', { zone: spread.timeZone })}</p>
      {rate === null ? <p className="muted">{t('noBaselineParticipation')}</p> : null}
      <LineChart title={`${t('spreadTitle')} (%)`} labels={spread.weeks} series={teamSeries} />
      <Table
        name="spread-teams"
        header={header}
        rows={spread.teams.flatMap((team) =>
          team.weeks.map((cell) => [
            cell.week,
            team.teamId,
            cell.members,
            cell.active,
            percent(cell.participation),
            points(cell.vsBaseline),
          ]),
        )}
      />
      <h2>{t('spreadHeroTitle')}</h2>
      <LineChart title={`${t('spreadHeroTitle')} (%)`} labels={spread.weeks} series={heroSeries} />
      <Table
        name="spread-hero-teams"
        header={header}
        rows={[
          ...spread.heroTeams.map((cell) => ({ cell, group: t('heroTeams') })),
          ...spread.otherTeams.map((cell) => ({ cell, group: t('otherTeams') })),
        ].map(({ cell, group }) => [
          cell.week,
          group,
          cell.members,
          cell.active,
          percent(cell.participation),
          points(cell.vsBaseline),
        ])}
      />
      <CsvDownload path={SPREAD.replace('?', '?format=csv&')} name="programme-spread.csv" />
    </>
  );
}

const FUNNEL_STEPS: { key: keyof Funnel; label: MessageKey }[] = [
  { key: 'invited', label: 'funnelInvited' },
  { key: 'accepted', label: 'funnelAccepted' },
  { key: 'firstShare', label: 'funnelFirstShare' },
  { key: 'activeInWeek4', label: 'funnelActiveInWeek4' },
];

/** The funnel as bars scaled to the invited count; the numbers are text, the bars decoration. */
function FunnelBars({ funnel }: { funnel: Funnel }) {
  const { t } = useI18n();
  const scale = funnel.invited || 1;
  return (
    <>
      <ul className="progress-list" data-testid="funnel">
        {FUNNEL_STEPS.map(({ key, label }) => (
          <li key={key}>
            <span className="stat-label">{t(label)}</span>
            <span className="progress-figures">
              <strong>{funnel[key]}</strong>
              <span className="muted">{percent(funnel.invited ? funnel[key] / funnel.invited : null)}</span>
            </span>
            <span className="bars" aria-hidden="true">
              <span className="bar after" style={{ width: `${(funnel[key] / scale) * 100}%` }} />
            </span>
          </li>
        ))}
      </ul>
      <Table
        name="funnel"
        header={[t('funnelTitle'), '#']}
        rows={FUNNEL_STEPS.map(({ key, label }) => [t(label), funnel[key]])}
      />
    </>
  );
}

function Invitations() {
  const { t } = useI18n();
  const funnel = useQuery<Funnel>({ queryKey: [FUNNEL] });
  const invitations = useQuery<{ items: Invitation[] }>({ queryKey: [INVITATIONS] });
  const flag = (value: boolean | null) => (value === null ? null : t(value ? 'yes' : 'no'));
  return (
    <>
      <h2>{t('funnelTitle')}</h2>
      <Loaded query={funnel}>{(data) => <FunnelBars funnel={data} />}</Loaded>
      <h2>{t('invitationsTitle')}</h2>
      <Loaded query={invitations}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted" data-testid="invitations-empty">
              {t('invitationsEmpty')}
            </p>
          ) : (
            <Table
              name="invitations"
              header={[
                t('inviter'),
                t('invitee'),
                t('invitedAt'),
                t('acceptedAt'),
                t('firstShareAt'),
                t('funnelActiveInWeek4'),
                t('credited'),
              ]}
              rows={data.items.map((item) => [
                item.inviterId,
                item.inviteeId,
                dayOf(item.invitedAt),
                dayOf(item.acceptedAt),
                dayOf(item.firstShareAt),
                flag(item.activeInWeek4),
                flag(item.credited),
              ])}
            />
          )
        }
      </Loaded>
    </>
  );
}

export default function ProgrammePage() {
  const { t } = useI18n();
  const spread = useQuery<Spread>({ queryKey: [SPREAD] });
  return (
    <Page title={t('programmeTitle')}>
      <h2>{t('spreadTitle')}</h2>
      <div data-testid="spread">
        <Loaded query={spread}>{(data) => <SpreadCharts spread={data} />}</Loaded>
      </div>
      <Invitations />
    </Page>
  );
}
