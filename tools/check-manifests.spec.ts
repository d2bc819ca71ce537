import { consumedTopics, consumedTopicsByGroup, patternTopicIds, patternTopics } from './check-manifests';
import { join } from 'node:path';

describe('patternTopicIds', () => {
  it.each([
    ['one topic', `@EventPattern(TOPICS.share.name)`, ['share']],
    ['an array', `@EventPattern([TOPICS.points.name, TOPICS.click.name], joined('x'))`, ['points', 'click']],
    [
      'a constant of the file',
      `const SCORED = [TOPICS.share.name, TOPICS.engagement.name];\n@EventPattern(SCORED, joined('scoring'))`,
      ['share', 'engagement'],
    ],
    ['no pattern', `producer.publish(TOPICS.share.name)`, []],
  ])('%s', (_name, source, ids) => {
    expect(patternTopicIds(source)).toEqual(ids);
  });

  it("reads the scoring service's joined handler", () => {
    expect(consumedTopics(join(__dirname, '../apps/scoring-service/src'))).toEqual(
      new Set([
        'share.v1',
        'click.v1',
        'engagement.v1',
        'content.v1',
        'advocate.v1',
        'coaching.v1',
        'tenant.v1',
      ]),
    );
  });
});

describe('patternTopics: the consumer group of each handler', () => {
  it.each([
    ['the main group', `@EventPattern(TOPICS.share.name)`, [{ id: 'share', group: '' }]],
    [
      'a group inline',
      `@EventPattern(TOPICS.points.name, inGroup('badges', { lingerMs: 250 }))`,
      [{ id: 'points', group: 'badges' }],
    ],
    [
      'a group as a constant of the file',
      `const BADGES = inGroup('badges');\n@EventPattern(TOPICS.click.name, BADGES)\n@EventPattern(TOPICS.points.name)`,
      [
        { id: 'click', group: 'badges' },
        { id: 'points', group: '' },
      ],
    ],
    ['joined, no group', `@EventPattern([TOPICS.points.name], joined('x'))`, [{ id: 'points', group: '' }]],
  ])('%s', (_name, source, expected) => {
    expect(patternTopics(source)).toEqual(expected);
  });

  it("reads the leaderboard's board and badge groups", () => {
    const groups = consumedTopicsByGroup(join(__dirname, '../apps/leaderboard-service/src'));
    expect(groups.get('')).toEqual(new Set(['points.v1', 'advocate.v1', 'tenant.v1']));
    expect(groups.get('badges')).toEqual(
      new Set(['points.v1', 'share.v1', 'click.v1', 'badge.v1', 'coaching.v1']),
    );
  });
});
