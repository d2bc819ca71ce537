import { z } from 'zod';
import { pgCount, RowShapeError, rowMapper } from './rows';

const toThing = rowMapper(
  'demo.things',
  z.object({ thing_id: z.string(), created_at: z.date(), total: pgCount }),
  (row) => ({ thingId: row.thing_id, createdAt: row.created_at, total: row.total }),
);

describe('rowMapper', () => {
  const at = new Date('2026-03-01T10:00:00Z');

  it.each([
    [
      'a well-formed row',
      { thing_id: 't1', created_at: at, total: '12' },
      { thingId: 't1', createdAt: at, total: 12 },
    ],
    [
      'a number count',
      { thing_id: 't1', created_at: at, total: 3 },
      { thingId: 't1', createdAt: at, total: 3 },
    ],
  ])('maps %s', (_what, row, expected) => {
    expect(toThing(row)).toEqual(expected);
  });

  it.each([
    ['a missing column', { created_at: at, total: 1 }, ['thing_id']],
    ['a renamed column', { id: 't1', created_at: at, total: 1 }, ['thing_id']],
    ['a wrong type', { thing_id: 't1', created_at: '2026-03-01', total: 'many' }, ['created_at', 'total']],
    ['no row at all', undefined, ['(row)']],
  ])('refuses %s, naming the table and columns', (_what, row, columns) => {
    let error: unknown;
    try {
      toThing(row);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RowShapeError);
    expect(error).toMatchObject({ table: 'demo.things', columns });
    expect((error as Error).message).toContain('demo.things');
  });
});
