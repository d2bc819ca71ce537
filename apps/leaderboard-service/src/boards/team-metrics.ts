import { TeamMetric } from '@advocacy/contracts';

/** One team's facts for a period: its sum board row and who took part. */
export interface TeamFacts {
  teamId: string;
  /** The team's sum of points in the period (the `teams` board score). */
  points: number;
  /** Members with more than 0 points on the team's board in that period. */
  active: number;
  /** Advocates whose profile names the team (at least `active`, so participation stays ≤ 1). */
  members: number;
}

export interface RankedTeam extends TeamFacts {
  value: number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The value a team is ranked by: its sum, its average per active advocate, or active / members. */
export function teamValue(metric: TeamMetric, team: TeamFacts): number {
  switch (metric) {
    case 'sum':
      return team.points;
    case 'average':
      return team.active === 0 ? 0 : round(team.points / team.active, 2);
    case 'participation':
      return team.members === 0 ? 0 : round(team.active / team.members, 4);
  }
}

/**
 * Teams ranked by the metric, best first. `teams` comes in the sum board's order (more points, then
 * who reached the total first); a sort that is stable on that order keeps it as the tie-break, so
 * equal averages or rates rank exactly as the boards already rank equal sums.
 */
export function rankTeams(metric: TeamMetric, teams: readonly TeamFacts[]): RankedTeam[] {
  return teams
    .map((team, order) => ({ team: { ...team, value: teamValue(metric, team) }, order }))
    .sort((a, b) => b.team.value - a.team.value || a.order - b.order)
    .map(({ team }) => team);
}
