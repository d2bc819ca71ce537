import { ProgrammeInvitation } from '@advocacy/contracts';
import { invitationsCsv } from './invitation.csv';

const row = (over: Partial<ProgrammeInvitation> = {}): ProgrammeInvitation => ({
  inviterId: 'alice',
  inviteeId: 'bob',
  invitedAt: '2026-03-02T09:00:00.000Z',
  acceptedAt: null,
  firstShareAt: null,
  activeInWeek4: null,
  credited: false,
  ...over,
});
const HEADER = 'inviterId,inviteeId,invitedAt,acceptedAt,firstShareAt,activeInWeek4,credited';

describe('invitationsCsv', () => {
  it.each<[string, ProgrammeInvitation[], string[]]>([
    ['only the header without invitations', [], [HEADER]],
    ['empty cells for null', [row()], [HEADER, 'alice,bob,2026-03-02T09:00:00.000Z,,,,false']],
    [
      'booleans as true/false',
      [row({ acceptedAt: '2026-03-03T09:00:00.000Z', activeInWeek4: true, credited: true })],
      [HEADER, 'alice,bob,2026-03-02T09:00:00.000Z,2026-03-03T09:00:00.000Z,,true,true'],
    ],
    [
      'a spreadsheet formula is defused, a comma quoted',
      [row({ inviterId: '=cmd', inviteeId: 'a,b' })],
      [HEADER, `'=cmd,"a,b",2026-03-02T09:00:00.000Z,,,,false`],
    ],
  ])('%s', (_name, items, lines) => {
    expect(invitationsCsv(items)).toBe(`${lines.join('\r\n')}\r\n`);
  });
});
