import { ProgrammeInvitation } from '@advocacy/contracts';

const COLUMNS = [
  'inviterId',
  'inviteeId',
  'invitedAt',
  'acceptedAt',
  'firstShareAt',
  'activeInWeek4',
  'credited',
] as const satisfies readonly (keyof ProgrammeInvitation)[];

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet never runs it as a formula. */
function cell(value: string | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The admin invitation list as CSV: a header line, then one line per invitation (CRLF). */
export function invitationsCsv(items: readonly ProgrammeInvitation[]): string {
  const lines = [
    COLUMNS.join(','),
    ...items.map((item) => COLUMNS.map((column) => cell(item[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
