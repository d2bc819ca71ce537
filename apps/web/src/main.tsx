import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, ApiError } from './api';
import { App } from './app';
import { bootAuth } from './auth';
import { I18nProvider } from './i18n';
import './styles.css';

// Every query key is the API path it reads, so pages just say `useQuery({ queryKey: [path] })`.
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      queryFn: ({ queryKey }) => api(String(queryKey[0])),
      staleTime: 15_000,
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

void bootAuth().then(({ returnTo }) => {
  if (returnTo) history.replaceState(null, '', returnTo);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <App />
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
});
