import { AnyEnvelope, createEnvelope, EventType, NewEvent } from '@advocacy/contracts';
import { projectionKey, Projections, toFact } from './points.facts';

const SHARE = '00000000-0000-4000-8000-000000000001';
const CONTENT = '00000000-0000-4000-8000-0000000000f1';
const CLICK = '00000000-0000-4000-8000-0000000000c1';

const projections = (): Projections => ({
  content: new Map([
    [
      projectionKey('acme', CONTENT),
      {
        title: 'Q3 results',
        campaignId: 'spring',
        shareableFrom: new Date('2026-03-01T00:00:00Z'),
        shareableUntil: new Date('2026-03-31T00:00:00Z'),
        publishedAt: new Date('2026-03-09T12:00:00Z'),
      },
    ],
  ]),
  advocates: new Map([
    [projectionKey('acme', 'alice'), { teamId: 'marketing', role: 'ambassador', active: true }],
  ]),
});

const envelope = (event: Omit<NewEvent<EventType>, 'tenantId' | 'occurredAt'>) =>
  createEnvelope({
    tenantId: 'acme',
    occurredAt: '2026-03-10T10:00:00Z',
    ...event,
  }) as AnyEnvelope;

describe('toFact', () => {
  it.each<[string, AnyEnvelope, Record<string, unknown> | null]>([
    [
      'a share takes title, publication and campaign from the projection when the event lacks them',
      envelope({
        type: 'share.recorded',
        subject: 'alice',
        payload: {
          shareId: SHARE,
          employeeId: 'alice',
          teamId: null,
          contentId: CONTENT,
          network: 'linkedin',
          linkCode: 'abcdefgh',
        },
      }),
      {
        kind: 'share',
        teamId: 'marketing',
        contentId: CONTENT,
        contentTitle: 'Q3 results',
        contentPublishedAt: new Date('2026-03-09T12:00:00Z'),
        campaign: {
          campaignId: 'spring',
          from: new Date('2026-03-01T00:00:00Z'),
          until: new Date('2026-03-31T00:00:00Z'),
        },
      },
    ],
    [
      "the share event's own facts win over the projection",
      envelope({
        type: 'share.recorded',
        subject: 'alice',
        payload: {
          shareId: SHARE,
          employeeId: 'alice',
          teamId: 'sales',
          contentId: CONTENT,
          campaignId: 'autumn',
          network: 'x',
          linkCode: 'abcdefgh',
          contentTitle: 'Renamed',
          contentPublishedAt: '2026-03-10T09:00:00Z',
        },
      }),
      {
        teamId: 'sales',
        contentTitle: 'Renamed',
        contentPublishedAt: new Date('2026-03-10T09:00:00Z'),
        campaign: { campaignId: 'autumn', from: null, until: null },
      },
    ],
    [
      'an unknown advocate and content give no team or campaign',
      envelope({
        type: 'share.recorded',
        subject: 'bob',
        payload: {
          shareId: SHARE,
          employeeId: 'bob',
          teamId: null,
          contentId: '00000000-0000-4000-8000-0000000000f2',
          network: 'x',
          linkCode: 'abcdefgh',
        },
      }),
      { teamId: null, contentTitle: null, contentPublishedAt: null, campaign: null },
    ],
    [
      'a click',
      envelope({
        type: 'link.clicked',
        subject: 'alice',
        payload: {
          clickId: CLICK,
          shareId: SHARE,
          employeeId: 'alice',
          contentId: CONTENT,
          network: 'linkedin',
          unique: true,
        },
      }),
      {
        kind: 'click',
        clickId: CLICK,
        unique: true,
        human: true,
        campaign: expect.objectContaining({ campaignId: 'spring' }),
      },
    ],
    [
      'a flagged click',
      envelope({
        type: 'link.click-flagged',
        subject: 'alice',
        payload: { clickId: CLICK, shareId: SHARE, employeeId: 'alice', reason: 'bot' },
      }),
      { kind: 'click_flagged', clickId: CLICK, reason: 'bot' },
    ],
    [
      'approved content proposed by an employee',
      envelope({
        type: 'content.published',
        subject: CONTENT,
        payload: {
          contentId: CONTENT,
          url: 'https://example.com/a',
          title: 'Plant',
          language: 'en',
          topics: [],
          submittedBy: 'alice',
          publishedAt: '2026-03-10T10:00:00Z',
        },
      }),
      { kind: 'proposal_approved', employeeId: 'alice', contentId: CONTENT, contentTitle: 'Plant' },
    ],
    [
      'content nobody proposed awards nothing',
      envelope({
        type: 'content.published',
        subject: CONTENT,
        payload: {
          contentId: CONTENT,
          url: 'https://example.com/a',
          title: 'Plant',
          language: 'en',
          topics: [],
          publishedAt: '2026-03-10T10:00:00Z',
        },
      }),
      null,
    ],
    [
      'profile updates award nothing',
      envelope({
        type: 'advocate.profile-updated',
        subject: 'alice',
        payload: {
          employeeId: 'alice',
          displayName: 'Alice',
          teamId: null,
          role: null,
          topics: [],
          language: 'en',
        },
      }),
      null,
    ],
  ])('%s', (_name, event, expected) => {
    const fact = toFact(event, projections());
    if (expected === null) expect(fact).toBeNull();
    else
      expect(fact).toMatchObject({
        tenantId: 'acme',
        eventId: event.id,
        occurredAt: new Date('2026-03-10T10:00:00Z'),
        ...expected,
      });
  });
});
