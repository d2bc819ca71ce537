import { AnyEnvelope, createEnvelope, EventType, NewEvent } from '@advocacy/contracts';
import { noticesOf } from './intake.rules';

const names = new Map([
  ['alice', 'Alice'],
  ['carol', 'Carol'],
]);
const nameOf = (id: string) => names.get(id) ?? id;
const envelope = <T extends EventType>(type: T, payload: NewEvent<T>['payload']) =>
  createEnvelope({ type, tenantId: 'acme', subject: 'x', payload }) as AnyEnvelope;

const contentId = '6f1c2b8e-6a55-4c1e-9a43-0f0f2c7f6a01';
const assignmentId = '7f1c2b8e-6a55-4c1e-9a43-0f0f2c7f6a02';

describe('noticesOf', () => {
  it.each<[string, AnyEnvelope, { to: string[]; kind?: string; title?: string; moments: string[] }]>([
    [
      'a badge: the winner and the badge-milestone moment',
      envelope('badge.awarded', { employeeId: 'alice', badgeId: 'first-share', name: 'First share' }),
      { to: ['alice'], kind: 'badge', title: 'Alice earned First share', moments: ['badge-milestone'] },
    ],
    [
      'a HERO: the hero and the hero moment',
      envelope('hero.qualified', { employeeId: 'alice', period: '2026-W48', reason: 'Top 10%' }),
      { to: ['alice'], kind: 'hero', title: 'New HERO: Alice', moments: ['hero'] },
    ],
    [
      'an accepted coach: the advocate hears',
      envelope('coach.assigned', {
        assignmentId,
        coachId: 'carol',
        employeeId: 'alice',
        kind: 'hero-support',
        status: 'accepted',
      }),
      { to: ['alice'], kind: 'coach-assigned', moments: [] },
    ],
    [
      'a proposed coach: the coach hears',
      envelope('coach.assigned', {
        assignmentId,
        coachId: 'carol',
        employeeId: 'alice',
        kind: 'hero-support',
        status: 'proposed',
      }),
      { to: ['carol'], kind: 'coach-assigned', moments: [] },
    ],
    [
      'a tip to two mentees, one listed twice',
      envelope('coaching.tip-sent', {
        tipId: assignmentId,
        coachId: 'carol',
        employeeIds: ['alice', 'bob', 'alice'],
        text: 'Post early',
      }),
      { to: ['alice', 'bob'], kind: 'tip', moments: [] },
    ],
    [
      'a level',
      envelope('points.level-reached', {
        employeeId: 'alice',
        level: 2,
        name: 'Contributor',
        minPoints: 100,
        total: 105,
        entryId: assignmentId,
      }),
      { to: ['alice'], kind: 'level', moments: [] },
    ],
    [
      'campaign content: only the moment',
      envelope('content.published', {
        contentId,
        url: 'https://example.com/launch',
        title: 'Launch',
        language: 'en',
        topics: [],
        campaignId: 'spring',
        publishedAt: '2026-12-01T10:00:00Z',
      }),
      { to: [], title: 'New campaign content: Launch', moments: ['campaign-content'] },
    ],
    [
      'content without a campaign: nothing',
      envelope('content.published', {
        contentId,
        url: 'https://example.com/blog',
        title: 'Blog',
        language: 'en',
        topics: [],
        publishedAt: '2026-12-01T10:00:00Z',
      }),
      { to: [], moments: [] },
    ],
    [
      'a share: nothing to say',
      envelope('share.withdrawn', { shareId: contentId, employeeId: 'alice', withdrawnBy: 'alice' }),
      { to: [], moments: [] },
    ],
  ])('%s', (_label, event, expected) => {
    const notices = noticesOf(event, nameOf);
    expect(notices.personal.map((notice) => notice.employeeId)).toEqual(expected.to);
    if (expected.kind) expect(notices.personal[0].kind).toBe(expected.kind);
    expect(notices.moments.map((moment) => moment.moment)).toEqual(expected.moments);
    if (expected.title) expect(notices.moments[0].title).toBe(expected.title);
  });
});
