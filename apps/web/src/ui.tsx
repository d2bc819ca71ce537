import type { UseQueryResult } from '@tanstack/react-query';
import { KeyboardEvent, ReactNode, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { onSession, session } from './auth';
import { useI18n } from './i18n';

export const useSession = () => useSyncExternalStore(onSession, session);

/**
 * A button that shows and hides a panel (the phone menu, the notification inbox): its open state, a
 * ref for the button, and a key handler for the panel that closes it on Escape and gives the button
 * its focus back.
 */
export function useDisclosure() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    buttonRef.current?.focus();
  };
  return { open, setOpen, buttonRef, closeOnEscape };
}

/** Renders a query's data, or its loading and error states in the same place. */
export function Loaded<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (query.isPending)
    return (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  if (query.isError)
    return (
      <div className="error" role="alert">
        <p>
          {t('failed')}: {query.error.message}
        </p>
        <button type="button" onClick={() => void query.refetch()}>
          {t('retry')}
        </button>
      </div>
    );
  return <>{children(query.data)}</>;
}

export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Advocacy Engine`;
  }, [title]);
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error instanceof Error ? error.message : JSON.stringify(error)}
    </p>
  );
}

export function LiveDot({ live }: { live: boolean }) {
  const { t } = useI18n();
  return (
    <span className={live ? 'live on' : 'live'} role="status">
      {live ? t('live') : t('offline')}
    </span>
  );
}

/** Downloads rows as CSV (quoted where needed), for the dashboard's tables. */
export function downloadCsv(name: string, header: string[], rows: (string | number | null)[][]): void {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const csv = [header, ...rows].map((row) => row.map(cell).join(',')).join('\n');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** A data table with its CSV download: the accessible form of every chart. */
export function Table({
  name,
  header,
  rows,
}: {
  name: string;
  header: string[];
  rows: (string | number | null)[][];
}) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {header.map((cell) => (
              <th key={cell} scope="col">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column} className={typeof cell === 'number' ? 'num' : undefined}>
                  {cell ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => downloadCsv(`${name}.csv`, header, rows)}>
        {t('exportCsv')} ({name})
      </button>
    </div>
  );
}
