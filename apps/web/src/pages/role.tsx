import type { AdvocateRoleDefinition } from '@advocacy/contracts';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { useProfile } from '../profile';
import { ErrorText, Loaded, Page } from '../ui';

const LEVELS = ['low', 'medium', 'high'] as const;

/**
 * Monday 00:00 in the browser's zone of the week `weeksBack` before this one: the start of the goal's
 * period (this week for a weekly goal, last week's Monday for a goal every two weeks).
 */
function startOfWeek(weeksBack = 0, now = new Date()): Date {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - ((start.getDay() + 6) % 7) - 7 * weeksBack);
  return start;
}

type Translate = ReturnType<typeof useI18n>['t'];

/** "Weekly goal: 3 shares", or "Goal: 1 share every 2 weeks" for a longer period. */
function goalText(t: Translate, role: AdvocateRoleDefinition): string {
  return role.goalPeriodWeeks > 1
    ? t('periodGoal', { goal: role.weeklyShareGoal, weeks: role.goalPeriodWeeks })
    : t('weeklyGoal', { goal: role.weeklyShareGoal });
}

/**
 * The impact/effort matrix with each role in its cell: buttons to choose one on My role, a read-only
 * preview of the draft in the roles editor.
 */
export function RoleMatrix({
  roles,
  selected = null,
  onChoose,
}: {
  roles: AdvocateRoleDefinition[];
  selected?: string | null;
  onChoose?: (roleId: string) => void;
}) {
  const { t } = useI18n();
  const card = (role: AdvocateRoleDefinition) => (
    <>
      <strong>{role.name}</strong>
      <span>{goalText(t, role)}</span>
    </>
  );
  return (
    <div className="matrix" role="grid" aria-label={`${t('impact')} × ${t('effort')}`}>
      <div role="row" className="matrix-row head">
        <span role="columnheader" className="axis">
          {t('impact')} ↓ / {t('effort')} →
        </span>
        {LEVELS.map((effort) => (
          <span role="columnheader" key={effort} className="axis">
            {t(effort)}
          </span>
        ))}
      </div>
      {[...LEVELS].reverse().map((impact) => (
        <div role="row" className="matrix-row" key={impact}>
          <span role="rowheader" className="axis">
            {t(impact)}
          </span>
          {LEVELS.map((effort) => (
            <div role="gridcell" className="cell" key={effort}>
              {roles
                .filter((role) => role.impact === impact && role.effort === effort)
                .map((role) =>
                  onChoose ? (
                    <button
                      type="button"
                      key={role.roleId}
                      className={role.roleId === selected ? 'role on' : 'role'}
                      aria-pressed={role.roleId === selected}
                      onClick={() => onChoose(role.roleId)}
                      title={role.description}
                    >
                      {card(role)}
                    </button>
                  ) : (
                    <div key={role.roleId} className="role" title={role.description}>
                      {card(role)}
                    </div>
                  ),
                )}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

export default function RolePage() {
  const { t } = useI18n();
  const roles = useQuery<{ roles: AdvocateRoleDefinition[] }>({ queryKey: ['/api/v1/roles'] });
  const { profile, save } = useProfile();
  const mineNow = roles.data?.roles.find((role) => role.roleId === profile.data?.role);
  const weekFrom = startOfWeek((mineNow?.goalPeriodWeeks ?? 1) - 1).toISOString();
  const summary = useQuery<{ totals: { shares: number } }>({
    queryKey: [`/api/v1/analytics/summary?from=${encodeURIComponent(weekFrom)}`],
  });
  return (
    <Page title={t('roleTitle')}>
      <p className="lead">{t('roleLead')}</p>
      <Loaded query={roles}>
        {({ roles: list }) => {
          const mine = list.find((role) => role.roleId === profile.data?.role);
          const done = summary.data?.totals.shares ?? 0;
          const progress = mine
            ? mine.goalPeriodWeeks > 1
              ? t('periodProgress', { done, goal: mine.weeklyShareGoal, weeks: mine.goalPeriodWeeks })
              : t('weekProgress', { done, goal: mine.weeklyShareGoal })
            : '';
          return (
            <>
              {mine ? (
                <div className="panel">
                  <h2>
                    {t('currentRole')}: {mine.name}
                  </h2>
                  <p>{goalText(t, mine)}</p>
                  <progress
                    max={Math.max(1, mine.weeklyShareGoal)}
                    value={Math.min(done, mine.weeklyShareGoal)}
                    aria-label={progress}
                  />
                  <p className="muted">{progress}</p>
                </div>
              ) : null}
              <RoleMatrix
                roles={list}
                selected={profile.data?.role ?? null}
                onChoose={(roleId) => save.mutate({ role: roleId })}
              />
              <ErrorText error={save.error} />
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
