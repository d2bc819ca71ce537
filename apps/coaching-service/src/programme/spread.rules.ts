import { SpreadCell, SpreadView } from '@advocacy/contracts';
import { localDayOf, TenantCalendar } from '@advocacy/platform';

export interface TenantWeek {
  week: string;
  /** First instant of the next local week: a week across a DST change is 167 or 169 hours long. */
  end: Date;
}

/** The last `count` tenant weeks ending with the week of `now`, oldest first, with their ends. */
export function tenantWeeks(now: Date, count: number, calendar: TenantCalendar): TenantWeek[] {
  const weeks: TenantWeek[] = [];
  let day = localDayOf(now, calendar);
  for (let index = 0; index < count; index += 1) {
    weeks.unshift({ week: day.week, end: day.weekEnd });
    day = localDayOf(new Date(day.weekStart.getTime() - 1), calendar);
  }
  return weeks;
}

export interface SpreadFacts {
  /** Advocates with a team, and when the platform first saw them. */
  members: readonly { employeeId: string; teamId: string; firstSeenAt: Date }[];
  /** Who had more than 0 points in which tenant week (the projection sums points by local week). */
  active: readonly { employeeId: string; week: string }[];
  /** Teams with at least one active HERO now. */
  heroTeams: ReadonlySet<string>;
  /** The participation rate of the tenant's latest baseline, if it has one. */
  baselineRate: number | null;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** active / members with 4 decimals; null with nobody to count. */
export const participationRate = (active: number, members: number): number | null =>
  members === 0 ? null : round4(active / members);

/** How far participation is above (positive) or below the baseline; null without either. */
export const againstBaseline = (participation: number | null, baseline: number | null): number | null =>
  participation === null || baseline === null ? null : round4(participation - baseline);

const cell = (week: string, members: number, active: number, baseline: number | null): SpreadCell => {
  const participation = participationRate(active, members);
  return { week, members, active, participation, vsBaseline: againstBaseline(participation, baseline) };
};

/**
 * Participation per team and tenant week: a member of a week is an advocate of the team seen
 * before the week ended (and anyone active in it); active = more than 0 points that week, as on the
 * fair team boards. HERO teams (at least one active HERO) against the others sum their members and
 * active advocates, so a big team weighs as much as its people. Teams sort by id.
 */
export function spreadOf(
  weeks: readonly TenantWeek[],
  facts: SpreadFacts,
): Pick<SpreadView, 'teams' | 'heroTeams' | 'otherTeams'> {
  const teamOf = new Map(facts.members.map((member) => [member.employeeId, member]));
  const activeIn = new Map<string, Set<string>>();
  for (const { employeeId, week } of facts.active) {
    if (!teamOf.has(employeeId)) continue;
    const ids = activeIn.get(week) ?? new Set<string>();
    ids.add(employeeId);
    activeIn.set(week, ids);
  }
  const teamIds = [...new Set(facts.members.map((member) => member.teamId))].sort();
  const sums = {
    hero: weeks.map(() => ({ members: 0, active: 0 })),
    other: weeks.map(() => ({ members: 0, active: 0 })),
  };
  const teams = teamIds.map((teamId) => {
    const heroTeam = facts.heroTeams.has(teamId);
    const cells = weeks.map(({ week, end }, index) => {
      const active = [...(activeIn.get(week) ?? [])].filter((id) => teamOf.get(id)?.teamId === teamId);
      const members = facts.members.filter(
        (member) =>
          member.teamId === teamId &&
          (member.firstSeenAt.getTime() < end.getTime() || active.includes(member.employeeId)),
      ).length;
      const sum = (heroTeam ? sums.hero : sums.other)[index];
      sum.members += members;
      sum.active += active.length;
      return cell(week, members, active.length, facts.baselineRate);
    });
    return { teamId, heroTeam, weeks: cells };
  });
  const groups = (group: typeof sums.hero) =>
    weeks.map(({ week }, index) => cell(week, group[index].members, group[index].active, facts.baselineRate));
  return { teams, heroTeams: groups(sums.hero), otherTeams: groups(sums.other) };
}

const CSV_HEADER = [
  'week',
  'team',
  'heroTeam',
  'members',
  'active',
  'participation',
  'baseline',
  'vsBaseline',
];

/** One CSV field: quoted when needed, and a leading formula character defused for spreadsheets. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The spread as CSV: one line per team and week, then the HERO-team and other-team sums. */
export function spreadCsv(view: SpreadView): string {
  const baseline = view.baseline?.participationRate ?? null;
  const line = (team: string, heroTeam: boolean | null, c: SpreadCell) =>
    [c.week, team, heroTeam, c.members, c.active, c.participation, baseline, c.vsBaseline]
      .map(csvField)
      .join(',');
  const lines = [CSV_HEADER.join(',')];
  for (const team of view.teams) for (const c of team.weeks) lines.push(line(team.teamId, team.heroTeam, c));
  for (const c of view.heroTeams) lines.push(line('(HERO teams)', true, c));
  for (const c of view.otherTeams) lines.push(line('(other teams)', false, c));
  return `${lines.join('\r\n')}\r\n`;
}
