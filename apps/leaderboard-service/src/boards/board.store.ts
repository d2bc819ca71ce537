import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@advocacy/platform';
import Redis from 'ioredis';

// Applies one envelope's points to every board it touches, once: the envelope id is marked in the
// same script, so a redelivery finds the mark and changes nothing.
const APPLY_POINTS = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
for i = 2, #KEYS do redis.call('ZINCRBY', KEYS[i], ARGV[2], ARGV[3]) end
return 1
`;

export interface BoardRow {
  employeeId: string;
  points: number;
}

@Injectable()
export class BoardStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {
    this.redis.defineCommand('applyPoints', { lua: APPLY_POINTS });
  }

  async applyPoints(
    seenKey: string,
    boardKeys: string[],
    envelopeId: string,
    points: number,
    member: string,
  ): Promise<boolean> {
    const applied = await (
      this.redis as Redis & { applyPoints(...args: (string | number)[]): Promise<number> }
    ).applyPoints(1 + boardKeys.length, seenKey, ...boardKeys, envelopeId, points, member);
    return applied === 1;
  }

  async top(key: string, offset: number, limit: number): Promise<BoardRow[]> {
    const flat = await this.redis.zrange(key, offset, offset + limit - 1, 'REV', 'WITHSCORES');
    const rows: BoardRow[] = [];
    for (let index = 0; index < flat.length; index += 2) {
      rows.push({ employeeId: flat[index], points: Number(flat[index + 1]) });
    }
    return rows;
  }
}
