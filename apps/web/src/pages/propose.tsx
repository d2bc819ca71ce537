import { ProposeContentBody } from '@advocacy/contracts';
import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldErrors, post } from '../api';
import { useI18n } from '../i18n';
import { ErrorText, Page } from '../ui';

/** Field errors from a zod result, keyed by the first path segment. */
export function zodErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) out[issue.path.map(String).join('.')] ??= issue.message;
  return out;
}

export function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => JSX.Element;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': error ? `${id}-error` : undefined })}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default function ProposePage() {
  const { t } = useI18n();
  const [form, setForm] = useState({ title: '', url: '', summary: '', topics: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const propose = useMutation({
    mutationFn: (body: unknown) => post('/api/v1/content/propose', body),
    onError: (error) => setErrors(fieldErrors(error)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ProposeContentBody.safeParse({
      title: form.title,
      url: form.url,
      summary: form.summary || undefined,
      topics: form.topics
        .split(',')
        .map((topic) => topic.trim())
        .filter(Boolean),
    });
    if (!parsed.success) return setErrors(zodErrors(parsed.error.issues));
    setErrors({});
    propose.mutate(parsed.data);
  };
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });
  if (propose.isSuccess)
    return (
      <Page title={t('proposeTitle')}>
        <p className="ok" role="status">
          {t('proposed')}
        </p>
      </Page>
    );
  return (
    <Page title={t('proposeTitle')}>
      <p className="lead">{t('proposeLead')}</p>
      <form className="panel" onSubmit={submit} noValidate>
        <Field id="p-title" label={t('title')} error={errors.title}>
          {(props) => <input {...props} value={form.title} onChange={set('title')} />}
        </Field>
        <Field id="p-url" label={t('url')} error={errors.url}>
          {(props) => <input {...props} type="url" value={form.url} onChange={set('url')} />}
        </Field>
        <Field id="p-summary" label={t('summary')} error={errors.summary}>
          {(props) => <textarea {...props} rows={3} value={form.summary} onChange={set('summary')} />}
        </Field>
        <Field id="p-topics" label={t('topicsComma')} error={errors.topics}>
          {(props) => <input {...props} value={form.topics} onChange={set('topics')} />}
        </Field>
        <button type="submit" className="primary" disabled={propose.isPending}>
          {t('submit')}
        </button>
        <ErrorText error={propose.error} />
      </form>
    </Page>
  );
}
