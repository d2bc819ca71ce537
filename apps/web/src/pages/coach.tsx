import type { MyCoach, NotificationPage } from '@advocacy/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useI18n } from '../i18n';
import { Loaded, Page } from '../ui';

/** The tips coaches sent, as they reached the inbox (a person who switched tips off has none). */
export const TIPS_PATH = '/api/v1/notifications?kind=tip&limit=20';

function Tips() {
  const { t, dateTime } = useI18n();
  const tips = useQuery<NotificationPage>({ queryKey: [TIPS_PATH] });
  return (
    <section aria-labelledby="tips-title" data-testid="tips">
      <h2 id="tips-title">{t('tipsReceived')}</h2>
      <Loaded query={tips}>
        {(page) =>
          page.notifications.length === 0 ? (
            <p className="empty">{t('noTips')}</p>
          ) : (
            <ul className="tips">
              {page.notifications.map((tip) => (
                <li key={tip.id} className="panel">
                  <p>
                    <strong>{tip.title}</strong>
                  </p>
                  <p>{tip.body}</p>
                  <p className="muted">{dateTime(tip.createdAt)}</p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

export default function CoachPage() {
  const { t, language } = useI18n();
  const coach = useQuery<z.infer<typeof MyCoach>>({ queryKey: ['/api/v1/me/coach'] });
  return (
    <Page title={t('coachTitle')}>
      <Loaded query={coach}>
        {({ coach: mine }) =>
          mine ? (
            <div className="panel">
              <h2>{mine.displayName}</h2>
              <p className="muted">
                {t('coachSince', { date: new Date(mine.since).toLocaleDateString(language) })}
              </p>
            </div>
          ) : (
            <p className="muted">{t('noCoach')}</p>
          )
        }
      </Loaded>
      <Tips />
    </Page>
  );
}
