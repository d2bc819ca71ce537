import {
  AdvocateProfile,
  CoachCandidate,
  matchCoach,
  primaryLanguage,
  unmatchedReason,
} from './matching.rules';

const coach = (employeeId: string, overrides: Partial<CoachCandidate> = {}): CoachCandidate => ({
  employeeId,
  languages: ['en'],
  teams: [],
  topics: [],
  capacity: 3,
  available: true,
  load: 0,
  ...overrides,
});

const advocate = (overrides: Partial<AdvocateProfile> = {}): AdvocateProfile => ({
  employeeId: 'ada',
  teamId: 'sales',
  language: 'en',
  topics: ['ai', 'cloud'],
  ...overrides,
});

describe('matchCoach', () => {
  const cases: {
    name: string;
    advocate: AdvocateProfile;
    coaches: CoachCandidate[];
    excluded?: string[];
    expected: string | null;
  }[] = [
    { name: 'nobody registered', advocate: advocate(), coaches: [], expected: null },
    {
      name: 'unavailable coach is skipped',
      advocate: advocate(),
      coaches: [coach('a', { available: false }), coach('b')],
      expected: 'b',
    },
    {
      name: 'full coach (load = capacity) is skipped',
      advocate: advocate(),
      coaches: [coach('a', { capacity: 2, load: 2, teams: ['sales'] }), coach('b')],
      expected: 'b',
    },
    {
      name: 'zero capacity never fits',
      advocate: advocate(),
      coaches: [coach('a', { capacity: 0 })],
      expected: null,
    },
    {
      name: 'language is required',
      advocate: advocate({ language: 'de' }),
      coaches: [coach('a', { languages: ['en'], teams: ['sales'] }), coach('b', { languages: ['fr', 'de'] })],
      expected: 'b',
    },
    {
      name: 'language matches on the primary subtag, any case',
      advocate: advocate({ language: 'de-AT' }),
      coaches: [coach('a', { languages: ['DE'] })],
      expected: 'a',
    },
    {
      name: 'nobody speaks the language',
      advocate: advocate({ language: 'nl' }),
      coaches: [coach('a'), coach('b', { languages: ['de'] })],
      expected: null,
    },
    {
      name: 'unknown language accepts any coach',
      advocate: advocate({ language: null }),
      coaches: [coach('a', { languages: ['de'] })],
      expected: 'a',
    },
    {
      name: 'never the advocate themself',
      advocate: advocate({ employeeId: 'a' }),
      coaches: [coach('a', { teams: ['sales'] }), coach('b')],
      expected: 'b',
    },
    {
      name: 'a coach who declined is not proposed again',
      advocate: advocate(),
      coaches: [coach('a', { teams: ['sales'] }), coach('b')],
      excluded: ['a'],
      expected: 'b',
    },
    {
      name: 'only decliners left → nobody',
      advocate: advocate(),
      coaches: [coach('a')],
      excluded: ['a'],
      expected: null,
    },
    {
      name: 'same team beats topic overlap and load',
      advocate: advocate(),
      coaches: [coach('a', { topics: ['ai', 'cloud'] }), coach('z', { teams: ['sales'], load: 2 })],
      expected: 'z',
    },
    {
      name: 'no team on the advocate: team preference is neutral',
      advocate: advocate({ teamId: null }),
      coaches: [coach('z', { teams: ['sales'] }), coach('b', { topics: ['ai'] })],
      expected: 'b',
    },
    {
      name: 'topic overlap count decides within the same team',
      advocate: advocate(),
      coaches: [
        coach('a', { teams: ['sales'], topics: ['ai'] }),
        coach('b', { teams: ['sales'], topics: ['AI', 'cloud'], load: 2 }),
      ],
      expected: 'b',
    },
    {
      name: 'lowest load decides with equal team and topics',
      advocate: advocate(),
      coaches: [coach('a', { load: 2 }), coach('b', { load: 1 }), coach('c', { load: 2 })],
      expected: 'b',
    },
    {
      name: 'ties break on the smaller employee id, whatever the input order',
      advocate: advocate(),
      coaches: [coach('carol'), coach('bob'), coach('dave')],
      expected: 'bob',
    },
  ];

  it.each(cases)('$name', ({ advocate: who, coaches, excluded, expected }) => {
    expect(matchCoach(who, coaches, new Set(excluded ?? []))?.employeeId ?? null).toBe(expected);
  });

  it('is deterministic under every input order', () => {
    const coaches = [coach('c'), coach('a'), coach('b')];
    const orders = [coaches, [...coaches].reverse(), [coaches[1], coaches[2], coaches[0]]];
    expect(new Set(orders.map((order) => matchCoach(advocate(), order)?.employeeId))).toEqual(new Set(['a']));
  });
});

describe('primaryLanguage', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['pt_BR', 'pt'],
    [' DE ', 'de'],
  ])('%s → %s', (tag, expected) => expect(primaryLanguage(tag)).toBe(expected));
});

describe('unmatchedReason', () => {
  const coach = (employeeId: string, fields: Partial<CoachCandidate> = {}): CoachCandidate => ({
    employeeId,
    languages: ['en'],
    teams: [],
    topics: [],
    capacity: 2,
    available: true,
    load: 0,
    ...fields,
  });
  const dutch: AdvocateProfile = { employeeId: 'daan', teamId: null, language: 'nl-NL', topics: [] };
  it.each([
    ['no coach at all', [], new Set<string>(), 'no-coaches'],
    ['only themself', [coach('daan', { languages: ['nl'] })], new Set<string>(), 'no-coaches'],
    [
      'nobody speaks Dutch',
      [coach('ann'), coach('bo', { languages: ['de'] })],
      new Set<string>(),
      'no-language-match',
    ],
    [
      'the Dutch coach is full',
      [coach('ann'), coach('nel', { languages: ['nl'], load: 2 })],
      new Set<string>(),
      'no-capacity',
    ],
    [
      'the Dutch coach is away',
      [coach('nel', { languages: ['nl'], available: false })],
      new Set<string>(),
      'coaches-unavailable',
    ],
    ['the Dutch coach declined', [coach('nel', { languages: ['nl'] })], new Set(['nel']), 'all-declined'],
    ['someone fits', [coach('nel', { languages: ['nl-BE'] })], new Set<string>(), null],
  ] as const)('%s → %s', (_name, coaches, excluded, expected) => {
    expect(unmatchedReason(dutch, coaches, excluded)).toBe(expected);
  });
});
