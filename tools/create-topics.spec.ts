import { maxPartitionsFrom } from './create-topics';

describe('KAFKA_MAX_PARTITIONS', () => {
  it.each([
    [undefined, Number.POSITIVE_INFINITY],
    ['', Number.POSITIVE_INFINITY],
    ['1', 1],
    ['3', 3],
  ])('%j caps at %d', (value, expected) => {
    expect(maxPartitionsFrom(value)).toBe(expected);
  });

  it.each(['0', '-2', '2.5', 'three'])('%j is refused, naming the setting', (value) => {
    expect(() => maxPartitionsFrom(value)).toThrow(/KAFKA_MAX_PARTITIONS must be a whole number/);
  });
});
