import type { BadgeRulesVersions, ScoringRulesVersions } from '@advocacy/contracts';
import {
  BadgeRules,
  PutRolesBody,
  ScoringRules,
  TenantSettings,
  TenantSettingsView,
} from '@advocacy/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactNode, useMemo, useState } from 'react';
import type { z } from 'zod';
import { fieldErrors, put } from '../api';
import { useI18n } from '../i18n';
import { ErrorText, Loaded, Page, Table } from '../ui';
import { zodErrors } from './propose';
import { RoleMatrix } from './role';

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
  preview,
}: {
  id: string;
  title: string;
  schema: S;
  initial: unknown;
  path: string;
  note?: string;
  /** Draws the draft while it is valid (the roles as their matrix). */
  preview?: (draft: z.infer<S>) => ReactNode;
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
      {preview && result.data ? (
        <div className="preview" data-testid={`${id}-preview`}>
          {preview(result.data as z.infer<S>)}
        </div>
      ) : null}
    </section>
  );
}

/** The fields in which a version differs from the one before it (all of them for the first). */
export function changedFields(
  rules: Record<string, unknown>,
  before: Record<string, unknown> | undefined,
): string[] {
  if (!before) return Object.keys(rules);
  const keys = [...new Set([...Object.keys(rules), ...Object.keys(before)])];
  return keys.filter((key) => JSON.stringify(rules[key]) !== JSON.stringify(before[key]));
}

/** One row of a rule document's history: its number, when it applied from, who saved it, the rules. */
interface RuleVersion {
  version: number;
  at: string | null;
  by: string | null;
  rules: Record<string, unknown>;
}

/** Every saved version of a rule document: when it applied from, who saved it, what it changed. */
function RuleHistory({
  id,
  title,
  path,
  version,
  toRows,
}: {
  id: string;
  title: string;
  path: string;
  /** What the page shows now (undefined while it loads): the history is fetched for it. */
  version: unknown;
  toRows: (data: unknown) => RuleVersion[];
}) {
  const { t, dateTime } = useI18n();
  const history = useQuery<unknown>({
    queryKey: [path, version],
    enabled: version !== undefined,
    placeholderData: keepPreviousData,
  });
  const when = (iso: string | null) => (iso ? dateTime(iso) : null);
  return (
    <section aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <Loaded query={history}>
        {(data) => {
          const items = toRows(data);
          return items.length === 0 ? (
            <p className="empty">{t('ruleHistoryNone')}</p>
          ) : (
            <Table
              name={`${id}.csv`}
              header={[t('versionColumn'), t('effectiveFromColumn'), t('savedByColumn'), t('changedColumn')]}
              rows={items.map((item, index) => [
                item.version,
                when(item.at),
                item.by,
                changedFields(item.rules, items[index + 1]?.rules).join(', '),
              ])}
            />
          );
        }}
      </Loaded>
    </section>
  );
}

const scoringRows = (data: unknown): RuleVersion[] =>
  (data as ScoringRulesVersions).items.map((item) => ({
    version: item.version,
    at: item.effectiveFrom,
    by: item.updatedBy,
    rules: item.rules,
  }));
const badgeRows = (data: unknown): RuleVersion[] =>
  (data as BadgeRulesVersions).items.map((item) => ({
    version: item.version,
    at: item.savedAt,
    by: item.savedBy,
    rules: item.rules,
  }));

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
              preview={(draft) => <RoleMatrix roles={draft.roles} />}
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
      <div className="two-col">
        <RuleHistory
          id="scoring-history"
          title={t('scoringHistory')}
          path="/api/v1/scoring/rules/versions"
          version={scoring.data?.version}
          toRows={scoringRows}
        />
        <RuleHistory
          id="badge-history"
          title={t('badgeHistory')}
          path="/api/v1/badges/rules/versions"
          version={badges.data ? badges.dataUpdatedAt : undefined}
          toRows={badgeRows}
        />
      </div>
    </Page>
  );
}
