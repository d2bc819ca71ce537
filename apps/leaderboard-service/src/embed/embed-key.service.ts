import { Injectable } from '@nestjs/common';
import type { EmbedKey, EmbedKeyCreate, EmbedKeyMinted, Period } from '@advocacy/contracts';
import { AppError, AuthContext, Clock, notFound, unauthorized, unprocessable } from '@advocacy/platform';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LiveMessage } from '../boards/board.service';
import { BoardStore } from '../boards/board.store';
import { EmbedKeyRecord, EmbedKeyRepository } from './embed-key.repository';

/** Active keys per tenant: enough for every screen and intranet page, few enough to review. */
export const MAX_ACTIVE_KEYS = 100;

const sha256 = (secret: string) => createHash('sha256').update(secret).digest();

const view = (key: EmbedKeyRecord): EmbedKey => ({
  keyId: key.keyId,
  name: key.name,
  scope: key.scope,
  periods: key.periods,
  allowedOrigins: key.allowedOrigins,
  createdBy: key.createdBy,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

/**
 * Read-only embed keys for the widget and its stream. A key is `<keyId>.<secret>`: the id is public
 * (it names the key in widget URLs, lists and logs), the secret is 256 random bits shown once at
 * minting, kept only as its SHA-256, and sent by the widget in a header — never in a URL a server
 * sees. A key opens one tenant's board of one scope in its set of periods, and nothing else.
 */
@Injectable()
export class EmbedKeyService {
  constructor(
    private readonly keys: EmbedKeyRepository,
    private readonly store: BoardStore,
    private readonly clock: Clock,
  ) {}

  async mint(auth: AuthContext, body: EmbedKeyCreate): Promise<EmbedKeyMinted> {
    if ((await this.keys.countActive(auth.tenantId)) >= MAX_ACTIVE_KEYS) {
      throw unprocessable(
        'embed_key_limit',
        `at most ${MAX_ACTIVE_KEYS} active embed keys per tenant; revoke one first`,
      );
    }
    const keyId = `ek_${randomBytes(12).toString('base64url')}`;
    const secret = randomBytes(32).toString('base64url');
    const record: EmbedKeyRecord = {
      keyId,
      tenantId: auth.tenantId,
      name: body.name,
      scope: body.scope,
      periods: body.periods,
      allowedOrigins: body.allowedOrigins,
      secretSha256: sha256(secret),
      createdBy: auth.employeeId,
      createdAt: this.clock.now(),
      revokedAt: null,
    };
    await this.keys.insert(record);
    return { ...view(record), key: `${keyId}.${secret}`, embedPath: `/widget/${keyId}#key=${secret}` };
  }

  async list(tenantId: string): Promise<EmbedKey[]> {
    return (await this.keys.list(tenantId)).map(view);
  }

  /** Revokes the key and ends its open streams on every replica (through the tenant's live channel). */
  async revoke(tenantId: string, keyId: string): Promise<void> {
    const revoked = await this.keys.revoke(tenantId, keyId, this.clock.now());
    if (!revoked) throw notFound(`embed key ${keyId}`);
    await this.store.publish(tenantId, { kind: 'embed-key-revoked', keyId } satisfies LiveMessage);
  }

  /** The key of a widget page, by its public id: 404 unknown, 401 revoked. */
  async forWidget(keyId: string): Promise<EmbedKeyRecord> {
    const key = await this.keys.find(keyId);
    if (!key) throw notFound(`embed key ${keyId}`);
    if (key.revokedAt) throw unauthorized('this embed key was revoked');
    return key;
  }

  /** The key a stream presented (`<keyId>.<secret>`), or 401 saying why not. */
  async authenticate(presented: string): Promise<EmbedKeyRecord> {
    const dot = presented.indexOf('.');
    const keyId = dot > 0 ? presented.slice(0, dot) : '';
    const secret = dot > 0 ? presented.slice(dot + 1) : '';
    const key = keyId && secret ? await this.keys.find(keyId) : null;
    if (!key || !timingSafeEqual(key.secretSha256, sha256(secret))) throw unauthorized('invalid embed key');
    if (key.revokedAt) throw unauthorized('this embed key was revoked');
    return key;
  }

  /** 403 naming the reason when the key does not cover this board or period. */
  authorize(key: EmbedKeyRecord, scope: string, period: Period): void {
    if (scope !== key.scope) {
      throw new AppError(
        403,
        'embed_key_scope',
        `embed key ${key.keyId} shows the board ${key.scope}, not ${scope}`,
      );
    }
    if (!key.periods.includes(period)) {
      throw new AppError(
        403,
        'embed_key_period',
        `embed key ${key.keyId} allows the periods ${key.periods.join(', ')}, not ${period}`,
      );
    }
  }
}
