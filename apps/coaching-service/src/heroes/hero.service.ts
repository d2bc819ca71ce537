import { Injectable } from '@nestjs/common';
import { HeroNumbers, HeroRule, HeroView, MyHero, NominateHeroBody } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, Clock, hasRole, notFound } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AssignmentRepository } from '../assignments/assignment.repository';
import { AssignmentService, SYSTEM_ACTOR } from '../assignments/assignment.service';
import { SettingsRepository } from '../settings/settings.repository';
import { HeroRecord, HeroRepository } from './hero.repository';
import { graceUntil, heroStep, judge, utcDay, Verdict, windowDays } from './hero.rules';

/** The widest window a rule may have: the periodic scan looks at tenants active within it. */
const MAX_WINDOW_DAYS = 366;

export interface EvaluationResult {
  qualified: string[];
  lapsed: string[];
}

/**
 * The one home of HERO status: admin nominations and removals, and the tenant's rolling-window
 * rule, evaluated after every batch of points and shares and by the periodic job (a window moves
 * on without any event, so lapses need the timer). Each change writes its `hero.qualified` or
 * `hero.lapsed` into the outbox in the same transaction; the leaderboard projects them.
 */
@Injectable()
export class HeroService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly heroes: HeroRepository,
    private readonly settings: SettingsRepository,
    private readonly assignments: AssignmentService,
    private readonly locks: AssignmentRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /** Applies the rule to these advocates (and their teams), or to the whole tenant. The caller holds the tenant lock. */
  async evaluate(
    manager: EntityManager,
    tenantId: string,
    employeeIds: readonly string[] | null,
  ): Promise<EvaluationResult> {
    const now = this.clock.now();
    const rule = await this.settings.heroRule(manager, tenantId);
    const from = windowDays(now, rule.windowDays).from;
    // A team-rank criterion makes teammates' verdicts move with the batch's advocates: they are judged
    // too. Without one (the default) a verdict rests on the advocate's own numbers, so only the
    // batch's advocates are read — reading their whole teams (10,000 advocates of 50 teams in the
    // bench) on every batch was the coaching consumer's heaviest statement.
    const teams = rule.topPerTeam > 0 || employeeIds === null;
    const standings = await this.heroes.standings(manager, tenantId, from, employeeIds, teams);
    const verdicts = judge(rule, standings);
    const states = await this.heroes.states(
      manager,
      tenantId,
      standings.map((standing) => standing.employeeId),
    );
    // The numbers a decision records carry the rank in the team: read with the teammates, for the
    // few advocates whose status changes.
    const decided = async (employeeId: string, verdict: Verdict): Promise<HeroNumbers> => {
      if (teams) return verdict.numbers;
      const team = await this.heroes.standings(manager, tenantId, from, [employeeId], true);
      return judge(rule, team).get(employeeId)?.numbers ?? verdict.numbers;
    };
    const result: EvaluationResult = { qualified: [], lapsed: [] };
    for (const [employeeId, verdict] of verdicts) {
      const state = states.get(employeeId) ?? {
        status: 'none',
        basis: null,
        belowSince: null,
        removedAt: null,
      };
      const step = heroStep(state, verdict, rule, now);
      switch (step.action) {
        case 'none':
          break;
        case 'qualify':
          await this.qualify(manager, tenantId, employeeId, {
            basis: 'rule',
            reason: step.reason,
            numbers: await decided(employeeId, verdict),
            by: null,
          });
          result.qualified.push(employeeId);
          break;
        case 'at-risk':
          await this.heroes.setBelowSince(manager, tenantId, employeeId, now);
          break;
        case 'recover':
          await this.heroes.setBelowSince(manager, tenantId, employeeId, null);
          break;
        case 'lapse':
          await this.lapse(manager, tenantId, employeeId, {
            reason: step.reason,
            cause: 'rule',
            numbers: await decided(employeeId, verdict),
            by: null,
          });
          result.lapsed.push(employeeId);
          break;
      }
    }
    return result;
  }

  /** The periodic pass over every tenant with recent activity or rule HEROs, one transaction each. */
  async evaluateAll(): Promise<EvaluationResult> {
    const total: EvaluationResult = { qualified: [], lapsed: [] };
    const from = windowDays(this.clock.now(), MAX_WINDOW_DAYS).from;
    for (const tenantId of await this.heroes.tenantsToEvaluate(from)) {
      const result = await this.dataSource.transaction(async (manager) => {
        await this.locks.lockTenants(manager, [tenantId]);
        return this.evaluate(manager, tenantId, null);
      });
      total.qualified.push(...result.qualified);
      total.lapsed.push(...result.lapsed);
    }
    return total;
  }

  /** An admin names a HERO: active at once, with a coach proposed in the same transaction. */
  async nominate(auth: AuthContext, body: NominateHeroBody): Promise<HeroView> {
    return this.dataSource.transaction(async (manager) => {
      await this.locks.lockTenants(manager, [auth.tenantId]);
      const current = await this.heroes.find(manager, auth.tenantId, body.employeeId);
      const reason = body.note
        ? `nominated by ${auth.employeeId}: ${body.note}`
        : `nominated by ${auth.employeeId}`;
      if (current.status === 'active') {
        // Already a HERO: the nomination only changes what the status rests on (no new event).
        await this.heroes.activate(manager, {
          tenantId: auth.tenantId,
          employeeId: body.employeeId,
          basis: 'nominated',
          reason,
          by: auth.employeeId,
          at: this.clock.now(),
        });
        await this.heroes.history(manager, {
          tenantId: auth.tenantId,
          employeeId: body.employeeId,
          event: 'nominated',
          period: utcDay(this.clock.now()),
          basis: 'nominated',
          reason,
          actor: auth.employeeId,
          at: this.clock.now(),
        });
      } else {
        await this.qualify(manager, auth.tenantId, body.employeeId, {
          basis: 'nominated',
          reason,
          numbers: undefined,
          by: auth.employeeId,
        });
      }
      return this.view(await this.heroes.find(manager, auth.tenantId, body.employeeId), true);
    });
  }

  /** An admin ends a HERO status, whatever it rested on. */
  async remove(auth: AuthContext, employeeId: string): Promise<HeroView> {
    return this.dataSource.transaction(async (manager) => {
      await this.locks.lockTenants(manager, [auth.tenantId]);
      const current = await this.heroes.find(manager, auth.tenantId, employeeId);
      if (current.status !== 'active') throw notFound(`active HERO ${employeeId}`);
      await this.lapse(manager, auth.tenantId, employeeId, {
        reason: `removed by ${auth.employeeId}`,
        cause: 'removed',
        numbers: undefined,
        by: auth.employeeId,
      });
      return this.view(await this.heroes.find(manager, auth.tenantId, employeeId), true);
    });
  }

  /** Everyone may see who the HEROs are; who coaches them only admins and coaches. */
  async list(auth: AuthContext): Promise<HeroView[]> {
    const rule = await this.settings.heroRule(this.dataSource.manager, auth.tenantId);
    const detail = hasRole(auth, 'admin', 'coach');
    return (await this.heroes.list(auth.tenantId)).map((hero) => this.view(hero, detail, rule));
  }

  /** The employee's own status, progress towards the rule and their coach. */
  async me(auth: AuthContext): Promise<MyHero> {
    const manager = this.dataSource.manager;
    const now = this.clock.now();
    const rule = await this.settings.heroRule(manager, auth.tenantId);
    const standings = await this.heroes.standings(
      manager,
      auth.tenantId,
      windowDays(now, rule.windowDays).from,
      [auth.employeeId],
      true,
    );
    // Someone without any activity yet is judged on zeros, so they still see what the rule asks.
    const own = standings.find((standing) => standing.employeeId === auth.employeeId) ?? {
      employeeId: auth.employeeId,
      teamId: null,
      points: 0,
      shares: 0,
    };
    const verdict = judge(rule, [own, ...standings.filter((standing) => standing !== own)]).get(
      auth.employeeId,
    ) as Verdict;
    const hero = await this.heroes.find(manager, auth.tenantId, auth.employeeId);
    const assignment = await this.locks.findOpen(manager, auth.tenantId, auth.employeeId);
    const coachName = assignment?.coachId
      ? await this.heroes.displayName(manager, auth.tenantId, assignment.coachId)
      : null;
    return {
      employeeId: auth.employeeId,
      status: hero.status,
      basis: hero.basis,
      since: hero.since && hero.status === 'active' ? hero.since.toISOString() : null,
      graceUntil: hero.status === 'active' ? iso(graceUntil(hero.belowSince, rule)) : null,
      progress: {
        ...verdict.numbers,
        minPoints: rule.minPoints,
        minShares: rule.minShares,
        topPerTeam: rule.topPerTeam,
        meetsRule: verdict.meets,
        explanation: verdict.explanation,
      },
      coach:
        assignment && assignment.coachId
          ? {
              employeeId: assignment.coachId,
              displayName: coachName,
              assignmentId: assignment.id,
              state: assignment.state,
            }
          : null,
    };
  }

  private async qualify(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    how: { basis: 'nominated' | 'rule'; reason: string; numbers: HeroNumbers | undefined; by: string | null },
  ): Promise<void> {
    const now = this.clock.now();
    const period = utcDay(now);
    await this.heroes.activate(manager, { tenantId, employeeId, ...how, at: now });
    await this.heroes.history(manager, {
      tenantId,
      employeeId,
      event: 'qualified',
      period,
      basis: how.basis,
      reason: how.reason,
      actor: how.by ?? SYSTEM_ACTOR,
      at: now,
    });
    await this.outbox.add(manager, {
      type: 'hero.qualified',
      tenantId,
      subject: employeeId,
      occurredAt: now,
      payload: {
        employeeId,
        period,
        reason: how.reason,
        basis: how.basis,
        ...(how.numbers ? { numbers: how.numbers } : {}),
        ...(how.by ? { nominatedBy: how.by } : {}),
      },
    });
    await this.assignments.open(manager, {
      tenantId,
      employeeId,
      kind: 'hero-support',
      actor: how.by ?? SYSTEM_ACTOR,
      note: `HERO ${period}: ${how.reason}`,
    });
  }

  private async lapse(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    how: { reason: string; cause: 'removed' | 'rule'; numbers: HeroNumbers | undefined; by: string | null },
  ): Promise<void> {
    const now = this.clock.now();
    const period = utcDay(now);
    await this.heroes.lapse(manager, {
      tenantId,
      employeeId,
      reason: how.reason,
      removed: how.cause === 'removed',
      at: now,
    });
    await this.heroes.history(manager, {
      tenantId,
      employeeId,
      event: 'lapsed',
      period,
      basis: null,
      reason: how.reason,
      actor: how.by ?? SYSTEM_ACTOR,
      at: now,
    });
    await this.outbox.add(manager, {
      type: 'hero.lapsed',
      tenantId,
      subject: employeeId,
      occurredAt: now,
      payload: {
        employeeId,
        period,
        reason: how.reason,
        cause: how.cause,
        ...(how.numbers ? { numbers: how.numbers } : {}),
        ...(how.by ? { removedBy: how.by } : {}),
      },
    });
  }

  private view(hero: HeroRecord, detail: boolean, rule?: HeroRule): HeroView {
    return {
      employeeId: hero.employeeId,
      displayName: hero.displayName,
      status: hero.status === 'none' ? 'lapsed' : hero.status,
      basis: hero.basis ?? 'rule',
      reason: hero.reason,
      since: (hero.since ?? this.clock.now()).toISOString(),
      lapsedAt: iso(hero.lapsedAt),
      graceUntil: rule && hero.status === 'active' ? iso(graceUntil(hero.belowSince, rule)) : null,
      coachId: detail ? hero.coachId : null,
      assignmentState: detail ? hero.assignmentState : null,
    };
  }
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
