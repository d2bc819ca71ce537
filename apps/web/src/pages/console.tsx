import { AssignmentList, MenteeList, SendTipBody, TipSent } from '@advocacy/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { post } from '../api';
import { useI18n } from '../i18n';
import { ErrorText, Loaded, Page } from '../ui';

const ASSIGNMENTS = '/api/v1/assignments?mine=true';
const MENTEES = '/api/v1/mentees';

function Proposals() {
  const { t, language } = useI18n();
  const client = useQueryClient();
  const assignments = useQuery<z.infer<typeof AssignmentList>>({ queryKey: [ASSIGNMENTS] });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'accept' | 'decline' | 'complete' }) =>
      post(`/api/v1/assignments/${id}/${action}`, {}),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: [ASSIGNMENTS] }),
        client.invalidateQueries({ queryKey: [MENTEES] }),
      ]),
  });
  return (
    <section aria-labelledby="proposals-title">
      <h2 id="proposals-title">{t('proposals')}</h2>
      <Loaded query={assignments}>
        {({ assignments: list }) => {
          const open = list.filter((a) => a.state === 'proposed');
          if (open.length === 0) return <p className="muted">{t('noProposals')}</p>;
          return (
            <ul className="list">
              {open.map((assignment) => (
                <li key={assignment.id} className="panel row spread" data-testid="proposal">
                  <span>
                    <strong>{assignment.employeeId}</strong> · {assignment.kind} ·{' '}
                    {new Date(assignment.createdAt).toLocaleDateString(language)}
                  </span>
                  <span className="row">
                    <button
                      type="button"
                      className="primary"
                      onClick={() => act.mutate({ id: assignment.id, action: 'accept' })}
                    >
                      {t('accept')}
                    </button>
                    <button
                      type="button"
                      onClick={() => act.mutate({ id: assignment.id, action: 'decline' })}
                    >
                      {t('decline')}
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
      <ErrorText error={act.error} />
    </section>
  );
}

function Mentees() {
  const { t, language } = useI18n();
  const mentees = useQuery<z.infer<typeof MenteeList>>({ queryKey: [MENTEES] });
  return (
    <section aria-labelledby="mentees-title">
      <h2 id="mentees-title">{t('mentees')}</h2>
      <Loaded query={mentees}>
        {({ mentees: list }) =>
          list.length === 0 ? (
            <p className="muted">{t('noMentees')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('lastShare')}</th>
                  <th scope="col">{t('points')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((mentee) => (
                  <tr key={mentee.assignmentId} data-testid="mentee">
                    <td>{mentee.displayName ?? mentee.employeeId}</td>
                    <td>
                      {mentee.lastShareAt
                        ? new Date(mentee.lastShareAt).toLocaleDateString(language)
                        : t('never')}
                    </td>
                    <td>{mentee.pointsTrend.map((week) => week.points).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

function Tip() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const send = useMutation({
    mutationFn: (body: SendTipBody) => post<z.infer<typeof TipSent>>('/api/v1/tips', body),
    onSuccess: () => setText(''),
  });
  return (
    <form
      className="panel"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = SendTipBody.safeParse({ text });
        if (!parsed.success) return setError(parsed.error.issues[0].message);
        setError(undefined);
        send.mutate(parsed.data);
      }}
    >
      <h2>{t('sendTip')}</h2>
      <label htmlFor="tip">{t('tipText')}</label>
      <textarea
        id="tip"
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-invalid={!!error}
        aria-describedby={error ? 'tip-error' : undefined}
      />
      {error ? (
        <p id="tip-error" className="field-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={send.isPending}>
        {t('sendTip')}
      </button>
      {send.data ? (
        <p className="ok" role="status">
          {t('tipSent', { n: send.data.employeeIds.length })}
        </p>
      ) : null}
      <ErrorText error={send.error} />
    </form>
  );
}

export default function ConsolePage() {
  const { t } = useI18n();
  return (
    <Page title={t('consoleTitle')}>
      <Proposals />
      <Mentees />
      <Tip />
    </Page>
  );
}
