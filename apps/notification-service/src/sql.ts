import { EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE or DELETE with `[rows, affected]`; this returns the RETURNING rows. */
export async function changed<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await manager.query<[T[], number]>(sql, params);
  return result[0];
}
