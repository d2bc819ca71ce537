import { pickSuggestions, suggestionSlot } from './suggestions.rules';

describe('suggestionSlot', () => {
  it.each([
    ['07:59 Amsterdam in winter (UTC+1)', '2026-01-15T06:59:00Z', 'Europe/Amsterdam', 8, '2026-01-15', false],
    ['08:00 Amsterdam in winter', '2026-01-15T07:00:00Z', 'Europe/Amsterdam', 8, '2026-01-15', true],
    ['08:00 Amsterdam in summer (UTC+2)', '2026-07-15T06:00:00Z', 'Europe/Amsterdam', 8, '2026-07-15', true],
    [
      '07:00 UTC in summer is only 09:00 in Amsterdam',
      '2026-07-15T05:59:00Z',
      'Europe/Amsterdam',
      8,
      '2026-07-15',
      false,
    ],
    [
      'late UTC evening is already tomorrow in Tokyo',
      '2026-03-10T23:30:00Z',
      'Asia/Tokyo',
      8,
      '2026-03-11',
      true,
    ],
    [
      'early UTC morning is still yesterday in New York',
      '2026-03-10T03:00:00Z',
      'America/New_York',
      8,
      '2026-03-09',
      true,
    ],
    ['hour 0 is due all day', '2026-03-10T00:00:00Z', 'UTC', 0, '2026-03-10', true],
  ])('%s', (_label, now, zone, hour, day, due) => {
    expect(suggestionSlot(new Date(now), zone, hour)).toEqual({ day, due });
  });

  it('refuses an unknown zone', () => {
    expect(() => suggestionSlot(new Date(), 'Mars/Olympus', 8)).toThrow('invalid time zone');
  });
});

describe('pickSuggestions', () => {
  const ranked = [{ contentId: 'a' }, { contentId: 'b' }, { contentId: 'c' }];
  it.each([
    [2, [], ['a', 'b']],
    [0, [], []],
    [5, [], ['a', 'b', 'c']],
    [2, ['a'], ['b', 'c']],
    [2, ['a', 'b', 'c'], []],
  ])('count %i, already %j', (count, already, expected) => {
    expect(pickSuggestions(ranked, count, new Set(already))).toEqual(expected);
  });
});
