import { consumedTopics, patternTopicIds } from './check-manifests';
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
