import { RowShapeError } from '@advocacy/platform';
import { toAssignment, toWaitingAssignment } from './assignments/assignment.repository';
import { toInvitation, toInvitationProgress } from './invitations/invitation.repository';
import { toClose, toContender, toStanding } from './challenges/challenge.repository';
import { toAcceptedCoach, toMentee } from './mentees/mentee.repository';
import { toActiveWeek, toProgrammeBaseline, toTeamMember } from './programme/spread.repository';
import { toInactiveAdvocate } from './reactivation/inactivity.repository';

const at = new Date('2026-03-02T09:00:00Z');
const assignmentRow = {
  id: 'a1',
  tenant_id: 't1',
  employee_id: 'e1',
  coach_id: null,
  kind: 'manual',
  state: 'unassigned',
  created_at: at,
  proposed_at: null,
  updated_at: at,
};
const assignment = {
  id: 'a1',
  tenantId: 't1',
  employeeId: 'e1',
  coachId: null,
  kind: 'manual',
  state: 'unassigned',
  createdAt: at,
  proposedAt: null,
  updatedAt: at,
};
const inactiveRow = {
  employee_id: 'e1',
  first_seen_at: at,
  last_share_at: null,
  nudged_at: at,
  escalated_at: null,
  inactivity_days: 14,
  escalation_days: 7,
  weekly_share_goal: 1,
  goal_period_weeks: 2,
};

const invitationRow = {
  tenant_id: 't1',
  inviter_id: 'e1',
  invitee_id: 'e2',
  code: 'c'.repeat(32),
  invited_at: at,
  accepted_at: at,
  first_share_at: null,
  first_share_id: null,
  credit_event_id: null,
  credited_at: null,
};
const invitation = {
  tenantId: 't1',
  inviterId: 'e1',
  inviteeId: 'e2',
  code: 'c'.repeat(32),
  invitedAt: at,
  acceptedAt: at,
  firstShareAt: null,
  firstShareId: null,
  creditEventId: null,
  creditedAt: null,
};

describe('coaching row mappers', () => {
  it.each([
    ['coaching.assignments', () => toAssignment(assignmentRow), assignment],
    [
      'waiting assignments',
      () => toWaitingAssignment({ ...assignmentRow, alerted_at: null, display_name: 'Ada', language: 'en' }),
      { ...assignment, alertedAt: null, displayName: 'Ada', language: 'en' },
    ],
    [
      'challenge standings',
      () => toStanding({ employee_id: 'e1', display_name: null, progress: 3, completed_at: at }),
      { employeeId: 'e1', displayName: null, progress: 3, completedAt: at },
    ],
    [
      'challenge contenders',
      () => toContender({ employee_id: 'e1', progress: 4, reached_at: at }),
      { employeeId: 'e1', progress: 4, reachedAt: at },
    ],
    [
      'challenge closes',
      () =>
        toClose({
          closed_at: at,
          winners: [{ rank: 1, employeeId: 'e1', progress: 4, reachedAt: at.toISOString() }],
        }),
      { closedAt: at, winners: [{ rank: 1, employeeId: 'e1', progress: 4, reachedAt: at }] },
    ],
    [
      'team members',
      () => toTeamMember({ employee_id: 'e1', team_id: 'sales', first_seen_at: at }),
      { employeeId: 'e1', teamId: 'sales', firstSeenAt: at },
    ],
    [
      'weekly activity',
      () => toActiveWeek({ employee_id: 'e1', week: '2026-W10' }),
      { employeeId: 'e1', week: '2026-W10' },
    ],
    [
      'coaching.baselines',
      () =>
        toProgrammeBaseline({
          baseline_id: 'b1',
          participation_rate: 0.25,
          period_from: null,
          period_to: at,
          recorded_at: at,
        }),
      { baselineId: 'b1', participationRate: 0.25, from: null, to: at, recordedAt: at },
    ],
    [
      'mentees',
      () =>
        toMentee({
          assignment_id: 'a1',
          employee_id: 'e1',
          display_name: 'Ada',
          kind: 'manual',
          last_share_at: at,
        }),
      { assignmentId: 'a1', employeeId: 'e1', displayName: 'Ada', kind: 'manual', lastShareAt: at },
    ],
    [
      'accepted coaches',
      () => toAcceptedCoach({ coach_id: 'c1', display_name: 'Grace', assignment_id: 'a1', since: at }),
      { coachId: 'c1', displayName: 'Grace', assignmentId: 'a1', since: at },
    ],
    [
      'inactive advocates',
      () => toInactiveAdvocate(inactiveRow),
      {
        employeeId: 'e1',
        activity: { firstSeenAt: at, lastShareAt: null, nudgedAt: at, escalatedAt: null },
        policy: { inactivityDays: 14, escalationDays: 7 },
        goal: { weeklyShareGoal: 1, goalPeriodWeeks: 2 },
      },
    ],
    [
      'inactive advocates without a role',
      () => toInactiveAdvocate({ ...inactiveRow, weekly_share_goal: null, goal_period_weeks: null }),
      {
        employeeId: 'e1',
        activity: { firstSeenAt: at, lastShareAt: null, nudgedAt: at, escalatedAt: null },
        policy: { inactivityDays: 14, escalationDays: 7 },
        goal: null,
      },
    ],
    ['coaching.invitations', () => toInvitation(invitationRow), invitation],
    [
      'invitations with week-4 shares',
      () => toInvitationProgress({ ...invitationRow, week4_shares: '2' }),
      { ...invitation, week4Shares: 2 },
    ],
  ])('maps a row of %s', (_what, map, expected) => {
    expect(map()).toEqual(expected);
  });

  it.each([
    ['coaching.assignments', () => toAssignment({ ...assignmentRow, state: 'lost' }), ['state']],
    ['coaching.assignments', () => toAssignment({ ...assignmentRow, tenant_id: undefined }), ['tenant_id']],
    [
      'coaching.advocates joined with coaching.settings and coaching.role_goals',
      () => toInactiveAdvocate({ ...inactiveRow, inactivity_days: '14' }),
      ['inactivity_days'],
    ],
    [
      'coaching.invitations',
      () => toInvitation({ ...invitationRow, accepted_at: '2026-03-02' }),
      ['accepted_at'],
    ],
    [
      'coaching.challenge_closes',
      () => toClose({ closed_at: at, winners: [{ rank: 1, employeeId: 'e1' }] }),
      ['winners.0.progress', 'winners.0.reachedAt'],
    ],
    [
      'coaching.baselines',
      () =>
        toProgrammeBaseline({
          baseline_id: 'b1',
          participation_rate: '0.25',
          period_from: null,
          period_to: null,
          recorded_at: at,
        }),
      ['participation_rate'],
    ],
  ])('refuses a drifted row of %s', (table, map, columns) => {
    expect(map).toThrow(RowShapeError);
    expect(map).toThrow(expect.objectContaining({ table, columns }));
  });
});
