import { ScoringRules } from './scoring';

describe('ScoringRules levels', () => {
  it.each([
    ['empty', [], 'levels'],
    ['not from 0', [{ name: 'a', minPoints: 5 }], 'levels'],
    [
      'not ascending',
      [
        { name: 'a', minPoints: 0 },
        { name: 'b', minPoints: 0 },
      ],
      'levels',
    ],
  ])('refuses %s levels as an issue, never a throw', (_label, levels, path) => {
    const result = ScoringRules.safeParse({ levels });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
