import { AdvocateProfile, AdvocateRoleDefinition, PutProfileBody } from '@advocacy/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { put } from '../api';
import { useI18n } from '../i18n';
import { ErrorText, Loaded, Page } from '../ui';

const LEVELS = ['low', 'medium', 'high'] as const;

/** Monday 00:00 of this week in the browser's zone, the start of "this week" for the goal. */
function startOfWeek(now = new Date()): Date {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  return start;
}

export default function RolePage() {
  const { t } = useI18n();
  const client = useQueryClient();
  const roles = useQuery<{ roles: AdvocateRoleDefinition[] }>({ queryKey: ['/api/v1/roles'] });
  const profile = useQuery<AdvocateProfile>({ queryKey: ['/api/v1/me/profile'] });
  const weekFrom = startOfWeek().toISOString();
  const summary = useQuery<{ totals: { shares: number } }>({
    queryKey: [`/api/v1/analytics/summary?from=${encodeURIComponent(weekFrom)}`],
  });
  const choose = useMutation({
    mutationFn: (roleId: string) => {
      const current = profile.data;
      const body = PutProfileBody.parse({
        displayName: current?.displayName ?? 'Advocate',
        teamId: current?.teamId ?? undefined,
        language: current?.language ?? 'en',
        topics: current?.topics ?? [],
        followers: current?.followers ?? {},
        role: roleId,
      });
      return put<AdvocateProfile>('/api/v1/me/profile', body);
    },
    onSuccess: (next) => client.setQueryData(['/api/v1/me/profile'], next),
  });
  return (
    <Page title={t('roleTitle')}>
      <p className="lead">{t('roleLead')}</p>
      <Loaded query={roles}>
        {({ roles: list }) => {
          const mine = list.find((role) => role.roleId === profile.data?.role);
          const done = summary.data?.totals.shares ?? 0;
          return (
            <>
              {mine ? (
                <div className="panel">
                  <h2>
                    {t('currentRole')}: {mine.name}
                  </h2>
                  <p>{t('weeklyGoal', { goal: mine.weeklyShareGoal })}</p>
                  <progress
                    max={Math.max(1, mine.weeklyShareGoal)}
                    value={Math.min(done, mine.weeklyShareGoal)}
                    aria-label={t('weekProgress', { done, goal: mine.weeklyShareGoal })}
                  />
                  <p className="muted">{t('weekProgress', { done, goal: mine.weeklyShareGoal })}</p>
                </div>
              ) : null}
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
                        {list
                          .filter((role) => role.impact === impact && role.effort === effort)
                          .map((role) => (
                            <button
                              type="button"
                              key={role.roleId}
                              className={role.roleId === profile.data?.role ? 'role on' : 'role'}
                              aria-pressed={role.roleId === profile.data?.role}
                              onClick={() => choose.mutate(role.roleId)}
                              title={role.description}
                            >
                              <strong>{role.name}</strong>
                              <span>{t('weeklyGoal', { goal: role.weeklyShareGoal })}</span>
                            </button>
                          ))}
                      </div>
                    ))}
                  </div>
                ))}
              </div>
              <ErrorText error={choose.error} />
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
