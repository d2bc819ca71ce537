import { allTopicSpecs, TOPICS } from './topics';

describe('allTopicSpecs', () => {
  const count = (specs: ReturnType<typeof allTopicSpecs>, topic: string) =>
    specs.find((spec) => spec.topic === topic)?.numPartitions;

  it.each([
    ['the registry counts without a cap', undefined, 12, 12, 3, 6],
    ['a cap of 3', 3, 3, 3, 3, 3],
    ['a cap of 1', 1, 1, 1, 1, 1],
    ['a cap above every count', 100, 12, 12, 3, 6],
    ['a cap below 1 still makes one partition', 0, 1, 1, 1, 1],
  ])('%s', (_label, cap, share, points, tenant, shareDlq) => {
    const specs = allTopicSpecs('p.', cap);
    expect(count(specs, 'p.share.v1')).toBe(share);
    expect(count(specs, 'p.points.v1')).toBe(points);
    expect(count(specs, 'p.tenant.v1')).toBe(tenant);
    expect(count(specs, 'p.share.v1.dlq')).toBe(shareDlq);
  });

  it('names every registry topic and its dead-letter topic once', () => {
    const topics = allTopicSpecs().map((spec) => spec.topic);
    expect(topics).toHaveLength(Object.keys(TOPICS).length * 2);
    expect(new Set(topics).size).toBe(topics.length);
  });
});
