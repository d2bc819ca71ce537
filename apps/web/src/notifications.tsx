import type { MarkReadResponse, NotificationPage, NotificationView } from '@advocacy/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { post } from './api';
import { useI18n } from './i18n';
import { openStream } from './sse';
import { useDisclosure } from './ui';

const INBOX = '/api/v1/notifications?limit=20';
export const NOTIFICATION_STREAM = '/api/v1/notifications/stream';
const TOAST_MS = 8000;

/**
 * The bell in the header: the unread count from the notification stream (its `unread` event on
 * connect, one more per `notification`), a toast for each new notification, and the inbox behind it.
 * The stream's count is the truth after every (re)connect, so a missed event heals itself.
 */
export function NotificationBell() {
  const { t, dateTime } = useI18n();
  const queries = useQueryClient();
  const [unread, setUnread] = useState<number | null>(null);
  const [toasts, setToasts] = useState<NotificationView[]>([]);
  const { open, setOpen, buttonRef: button, closeOnEscape } = useDisclosure();
  const inbox = useQuery<NotificationPage>({ queryKey: [INBOX], enabled: open });

  // Each toast has its own timer, so a new one does not keep the older ones up longer.
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);
  const dismiss = (id: string) => setToasts((shown) => shown.filter((toast) => toast.id !== id));

  useEffect(
    () =>
      openStream(
        NOTIFICATION_STREAM,
        (event, data) => {
          if (event === 'unread') setUnread((data as { unread: number }).unread);
          if (event !== 'notification') return;
          const notification = data as NotificationView;
          setUnread((count) => (count ?? 0) + 1);
          setToasts((shown) => [...shown.filter((toast) => toast.id !== notification.id), notification]);
          const timer = setTimeout(() => {
            timers.current.delete(timer);
            dismiss(notification.id);
          }, TOAST_MS);
          timers.current.add(timer);
          void queries.invalidateQueries({ queryKey: [INBOX] });
        },
        () => undefined,
      ),
    [queries],
  );

  const markAllRead = async () => {
    const answer = await post<MarkReadResponse>('/api/v1/notifications/read', { all: true });
    setUnread(answer.unread);
    await queries.invalidateQueries({ queryKey: [INBOX] });
  };
  const count = unread ?? 0;

  return (
    <div className="bell" onKeyDown={closeOnEscape}>
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls="inbox"
        aria-label={count > 0 ? t('notificationsUnread', { count }) : t('notifications')}
        onClick={() => setOpen((shown) => !shown)}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {count > 0 ? (
          <span className="bell-count" data-testid="unread-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id="inbox" className="inbox" aria-labelledby="inbox-title">
          <div className="inbox-head">
            <h2 id="inbox-title">{t('notifications')}</h2>
            <button type="button" className="link" disabled={count === 0} onClick={() => void markAllRead()}>
              {t('markAllRead')}
            </button>
          </div>
          {inbox.data && inbox.data.notifications.length === 0 ? (
            <p className="muted">{t('noNotifications')}</p>
          ) : (
            <ul>
              {(inbox.data?.notifications ?? []).map((notification) => (
                <li key={notification.id} className={notification.readAt ? undefined : 'unread'}>
                  <strong>{notification.title}</strong>
                  {notification.readAt ? null : <span className="sr-only"> ({t('unreadMark')})</span>}
                  <span>{notification.body}</span>
                  <time dateTime={notification.createdAt}>{dateTime(notification.createdAt)}</time>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <div className="notice-toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div className="notice-toast" key={toast.id}>
            <div>
              <strong>{toast.title}</strong>
              <span>{toast.body}</span>
            </div>
            <button
              type="button"
              className="link"
              aria-label={t('dismiss')}
              onClick={() => dismiss(toast.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
