import { Injectable } from '@nestjs/common';
import { ScoringRules, ScoringRulesResponse, ScoringRulesVersions } from '@advocacy/contracts';
import { AuthContext, Clock, conflict } from '@advocacy/platform';
import { RulesRepository, StoredRules } from './rules.repository';

export const DEFAULT_RULES: ScoringRules = ScoringRules.parse({});

const toResponse = (stored: StoredRules | null): ScoringRulesResponse =>
  stored
    ? {
        version: stored.version,
        effectiveFrom: stored.effectiveFrom.toISOString(),
        updatedBy: stored.createdBy,
        rules: stored.rules,
      }
    : { version: 0, effectiveFrom: null, updatedBy: null, rules: DEFAULT_RULES };

@Injectable()
export class RulesService {
  constructor(
    private readonly rules: RulesRepository,
    private readonly clock: Clock,
  ) {}

  async current(tenantId: string): Promise<ScoringRulesResponse> {
    return toResponse(await this.rules.latest(tenantId));
  }

  async history(tenantId: string): Promise<ScoringRulesVersions> {
    return { items: (await this.rules.history(tenantId, 100)).map(toResponse) };
  }

  /** Saves the next version; it applies to events that occur from now on, the past is not recomputed. */
  async replace(auth: AuthContext, rules: ScoringRules): Promise<ScoringRulesResponse> {
    try {
      return toResponse(await this.rules.save(auth.tenantId, rules, auth.employeeId, this.clock.now()));
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw conflict('rules_changed', 'the rules were changed at the same time; read them again and retry');
      throw error;
    }
  }
}
