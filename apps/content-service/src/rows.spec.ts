import { RowShapeError } from '@advocacy/platform';
import { toContent, toContentTransition } from './content/content.repository';
import { toGuidelines } from './guidelines/guidelines.repository';
import { toSource } from './sources/sources.repository';
import { toSuggestedItem } from './suggestions/suggestions.repository';

const at = new Date('2026-03-02T09:00:00Z');
const contentRow = {
  content_id: 'c1',
  tenant_id: 't1',
  status: 'published',
  title: 'Launch',
  url: 'https://example.com/launch',
  summary: null,
  image_url: 'https://example.com/launch.png',
  language: 'en',
  topics: ['product'],
  campaign_id: null,
  campaign_priority: 2,
  shareable_from: null,
  shareable_until: at,
  captions: { linkedin: [] },
  submitted_by: null,
  created_by: 'e1',
  review_comment: null,
  source_id: null,
  published_at: at,
  archived_at: null,
  created_at: at,
  updated_at: at,
};
const sourceRow = {
  source_id: 's1',
  tenant_id: 't1',
  url: 'https://example.com/feed',
  language: 'en',
  topics: [],
  created_by: 'e1',
  created_at: at,
  last_polled_at: null,
  last_error: 'timeout',
  imported: 3,
};

describe('content row mappers', () => {
  it.each([
    [
      'content.items',
      () => toContent(contentRow),
      {
        contentId: 'c1',
        tenantId: 't1',
        status: 'published',
        title: 'Launch',
        url: 'https://example.com/launch',
        summary: null,
        imageUrl: 'https://example.com/launch.png',
        language: 'en',
        topics: ['product'],
        campaignId: null,
        campaignPriority: 2,
        shareableFrom: null,
        shareableUntil: at,
        captions: { linkedin: [] },
        submittedBy: null,
        createdBy: 'e1',
        reviewComment: null,
        sourceId: null,
        publishedAt: at,
        archivedAt: null,
        createdAt: at,
        updatedAt: at,
      },
    ],
    [
      'content.transitions',
      () => toContentTransition({ from_status: null, to_status: 'draft', actor: 'e1', comment: null, at }),
      { from: null, to: 'draft', actor: 'e1', comment: null, at },
    ],
    [
      'content.sources',
      () => toSource(sourceRow),
      {
        sourceId: 's1',
        tenantId: 't1',
        url: 'https://example.com/feed',
        language: 'en',
        topics: [],
        createdBy: 'e1',
        createdAt: at,
        lastPolledAt: null,
        lastError: 'timeout',
        imported: 3,
      },
    ],
    [
      'content.suggested',
      () =>
        toSuggestedItem({
          content_id: 'c1',
          title: 'Launch',
          url: 'https://x.test',
          summary: null,
          reason: 'r',
        }),
      { contentId: 'c1', title: 'Launch', url: 'https://x.test', summary: null, reason: 'r' },
    ],
  ])('maps a row of %s', (_table, map, expected) => {
    expect(map()).toEqual(expected);
  });

  it.each([
    ['content.items', () => toContent({ ...contentRow, status: 'deleted' }), ['status']],
    ['content.items', () => toContent({ ...contentRow, published_at: '2026-03-02' }), ['published_at']],
    ['content.sources', () => toSource({ ...sourceRow, imported: undefined }), ['imported']],
    [
      'content.guidelines',
      () =>
        toGuidelines({
          tenant_id: 't1',
          version: '2',
          document: '',
          rules: {},
          published_by: 'e1',
          published_at: at,
        }),
      ['version'],
    ],
  ])('refuses a drifted row of %s', (table, map, columns) => {
    expect(map).toThrow(RowShapeError);
    expect(map).toThrow(expect.objectContaining({ table, columns: expect.arrayContaining(columns) }));
  });
});
