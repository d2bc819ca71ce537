import {
  BadgeRules,
  PutRolesBody,
  ScoringRules,
  ScoringRulesVersions,
  TenantSettings,
  TenantSettingsView,
} from '@advocacy/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import { fieldErrors, put } from '../api';
import { useI18n } from '../i18n';
import { ErrorText, Loaded, Page, Table } from '../ui';
import { zodErrors } from './propose';

/**
 * A JSON editor for one rule document, validated with the service's own zod schema on every
 * keystroke; errors are listed by their field path, and the server's 400 details the same way.
 */
function JsonEditor<S extends z.ZodType>({
  id,
  title,
  schema,
  initial,
  path,
  note,
}: {
  id: string;
  title: string;
  schema: S;
  initial: unknown;
  path: string;
  note?: string;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const result = useMemo(() => {
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success
        ? { data: parsed.data as unknown, errors: {} }
        : { errors: zodErrors(parsed.error.issues) };
    } catch (error) {
      return { errors: { json: (error as Error).message } };
    }
  }, [schema, text]);
  const save = useMutation({
    mutationFn: () => put(path, result.data),
    onSuccess: () => {
      setServerErrors({});
      return client.invalidateQueries({ queryKey: [path] });
    },
    onError: (error) => setServerErrors(fieldErrors(error)),
  });
  const errors = { ...result.errors, ...serverErrors };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {note ? <p className="muted">{note}</p> : null}
      <label htmlFor={id} className="sr-only">
        {title}
      </label>
      <textarea
        id={id}
        className="code"
        rows={14}
        spellCheck={false}
        value={text}
        aria-invalid={Object.keys(errors).length > 0}
        aria-describedby={`${id}-hint`}
        onChange={(event) => setText(event.target.value)}
      />
      <p id={`${id}-hint`} className="muted">
        {t('jsonHint')}
      </p>
      {Object.keys(errors).length > 0 ? (
        <ul className="field-error" role="alert">
          {Object.entries(errors).map(([field, message]) => (
            <li key={field}>
              <code>{field || '(root)'}</code>: {message}
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="primary"
        disabled={!result.data || save.isPending}
        onClick={() => save.mutate()}
      >
        {t('save')}
      </button>
      {save.isSuccess ? <span className="ok"> {t('saved')}</span> : null}
      <ErrorText error={save.error} />
    </section>
  );
}

const SCORING_VERSIONS = '/api/v1/scoring/rules/versions';

/** The fields in which a version differs from the one before it (all of them for the first). */
export function changedFields(
  rules: Record<string, unknown>,
  before: Record<string, unknown> | undefined,
): string[] {
  if (!before) return Object.keys(rules);
  const keys = [...new Set([...Object.keys(rules), ...Object.keys(before)])];
  return keys.filter((key) => JSON.stringify(rules[key]) !== JSON.stringify(before[key]));
}

/** Every saved version of the scoring rules: when it applied from, who saved it, what it changed. */
function ScoringHistory({ version }: { version: number }) {
  const { t, language } = useI18n();
  const client = useQueryClient();
  const history = useQuery<ScoringRulesVersions>({ queryKey: [SCORING_VERSIONS] });
  useEffect(() => {
    void client.invalidateQueries({ queryKey: [SCORING_VERSIONS] });
  }, [version, client]);
  const when = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
      : null;
  return (
    <section aria-labelledby="scoring-history-title" data-testid="scoring-history">
      <h2 id="scoring-history-title">{t('scoringHistory')}</h2>
      <Loaded query={history}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="empty">{t('scoringHistoryNone')}</p>
          ) : (
            <Table
              name="scoring-rule-versions.csv"
              header={[t('versionColumn'), t('effectiveFromColumn'), t('savedByColumn'), t('changedColumn')]}
              rows={items.map((item, index) => [
                item.version,
                when(item.effectiveFrom),
                item.updatedBy,
                changedFields(item.rules, items[index + 1]?.rules).join(', '),
              ])}
            />
          )
        }
      </Loaded>
    </section>
  );
}

export default function RulesPage() {
  const { t } = useI18n();
  const roles = useQuery<z.infer<typeof PutRolesBody>>({ queryKey: ['/api/v1/roles'] });
  const scoring = useQuery<{ version: number; effectiveFrom: string | null; rules: ScoringRules }>({
    queryKey: ['/api/v1/scoring/rules'],
  });
  const badges = useQuery<BadgeRules>({ queryKey: ['/api/v1/badges/rules'] });
  const tenant = useQuery<TenantSettingsView>({ queryKey: ['/api/v1/tenant/settings'] });
  return (
    <Page title={t('rulesTitle')}>
      <div className="two-col">
        <Loaded query={tenant}>
          {({ version, updatedAt: _updatedAt, ...settings }) => (
            <JsonEditor
              key={version}
              id="tenant-settings"
              title={t('tenantSettings')}
              note={t('version', { v: version })}
              schema={TenantSettings}
              initial={settings}
              path="/api/v1/tenant/settings"
            />
          )}
        </Loaded>
        <Loaded query={roles}>
          {(data) => (
            <JsonEditor
              id="roles"
              title={t('rolesEditor')}
              schema={PutRolesBody}
              initial={data}
              path="/api/v1/roles"
            />
          )}
        </Loaded>
        <Loaded query={scoring}>
          {(data) => (
            <JsonEditor
              key={data.version}
              id="scoring"
              title={t('scoringRules')}
              note={`${t('version', { v: data.version })}${data.effectiveFrom ? ` · ${new Date(data.effectiveFrom).toLocaleString()}` : ''}`}
              schema={ScoringRules}
              initial={data.rules}
              path="/api/v1/scoring/rules"
            />
          )}
        </Loaded>
        <Loaded query={badges}>
          {(data) => (
            <JsonEditor
              id="badges"
              title={t('badgeRules')}
              schema={BadgeRules}
              initial={data}
              path="/api/v1/badges/rules"
            />
          )}
        </Loaded>
      </div>
      {scoring.data ? <ScoringHistory version={scoring.data.version} /> : null}
    </Page>
  );
}
