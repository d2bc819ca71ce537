// No imports: instrument.ts loads this before the instrumentations patch anything.

/** `/api/v1/leaderboards/<scope>` and `…/<scope>/rank|around/<id>`, with an optional query. */
const READ_PATH = /^\/api\/v1\/leaderboards\/([^/?]+)(?:\/(rank|around)\/([^/?]+))?\/?(?:\?(.*))?$/;
/** Other GET routes under the same prefix that express keeps (they are not board reads). */
const NOT_A_SCOPE = new Set(['settings']);

/** A board read's parts — scope, `rank`/`around` or none, id, query — or null for any other request. */
export function boardReadOf(
  method: string | undefined,
  url: string | undefined,
): [scope: string, kind: string | undefined, id: string | undefined, search: string | undefined] | null {
  if (method !== 'GET') return null;
  const match = READ_PATH.exec(url ?? '');
  if (!match || NOT_A_SCOPE.has(match[1])) return null;
  return [match[1], match[2], match[3], match[4]];
}
