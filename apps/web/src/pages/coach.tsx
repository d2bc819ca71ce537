import { MyCoach } from '@advocacy/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useI18n } from '../i18n';
import { Loaded, Page } from '../ui';

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
    </Page>
  );
}
