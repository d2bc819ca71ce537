import { z } from 'zod';

/**
 * A row read from Postgres did not have the shape its repository expects: the schema and the code
 * drifted apart (a renamed column, a new type). Raised at the boundary, naming table and columns,
 * instead of an `undefined` travelling on into domain logic.
 */
export class RowShapeError extends Error {
  constructor(
    readonly table: string,
    readonly columns: string[],
    detail: string,
  ) {
    super(`row of ${table} does not match its mapper (${columns.join(', ')}): ${detail}`);
    this.name = 'RowShapeError';
  }
}

/**
 * One mapper per table: parses a raw row with the table's zod row schema, then turns it into the
 * camelCase domain type. Repositories use it on every row they read; nothing else sees the row.
 */
export function rowMapper<S extends z.ZodType, T>(
  table: string,
  schema: S,
  toDomain: (row: z.output<S>) => T,
): (row: unknown) => T {
  return (row) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const columns = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(row)'))];
      throw new RowShapeError(table, columns, parsed.error.issues.map((issue) => issue.message).join('; '));
    }
    return toDomain(parsed.data);
  };
}

/** Postgres `bigint`/`numeric` arrive as strings from node-postgres; counts fit a JS number. */
export const pgCount = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);
