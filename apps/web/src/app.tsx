import { FormEvent, lazy, ReactNode, Suspense, useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { hasRole, SIGN_IN, signIn, signInWithToken, signOut } from './auth';
import { Language, languageOf, MessageKey, useI18n } from './i18n';
import { useProfile } from './profile';
import { TodayPage } from './pages/today';
import { useDisclosure, useSession } from './ui';

// Only Today is in the first bundle: the other pages validate with the zod schemas of
// libs/contracts, and zod with every schema built at start-up is most of the script a phone would
// parse before the first paint (`npm run bench:web` measures it). Each page loads when opened.
const SharePage = lazy(() => import('./pages/share').then((module) => ({ default: module.SharePage })));
const PointsPage = lazy(() => import('./pages/points').then((module) => ({ default: module.PointsPage })));
const BoardsPage = lazy(() => import('./pages/boards').then((module) => ({ default: module.BoardsPage })));
// The bell opens the notification stream and reads the inbox: after the page's own first render.
const NotificationBell = lazy(() =>
  import('./notifications').then((module) => ({ default: module.NotificationBell })),
);
const RolePage = lazy(() => import('./pages/role'));
const ProposePage = lazy(() => import('./pages/propose'));
const CoachPage = lazy(() => import('./pages/coach'));
const LibraryPage = lazy(() => import('./pages/library'));
const GuidelinesPage = lazy(() => import('./pages/guidelines'));
const RulesPage = lazy(() => import('./pages/rules'));
const DashboardPage = lazy(() => import('./pages/dashboard'));
const ProgrammePage = lazy(() => import('./pages/programme'));
const ConsolePage = lazy(() => import('./pages/console'));
const TvPage = lazy(() => import('./pages/tv'));
const EmbedKeysPage = lazy(() => import('./pages/embed-keys'));

interface NavItem {
  path: string;
  label: MessageKey;
  role?: string;
}
const NAV: NavItem[] = [
  { path: '/', label: 'navToday' },
  { path: '/points', label: 'navPoints' },
  { path: '/boards', label: 'navBoards' },
  { path: '/role', label: 'navRole' },
  { path: '/propose', label: 'navPropose' },
  { path: '/coach', label: 'navCoach' },
  { path: '/console', label: 'navConsole', role: 'coach' },
  { path: '/library', label: 'navLibrary', role: 'editor' },
  { path: '/guidelines', label: 'navGuidelines', role: 'admin' },
  { path: '/rules', label: 'navRules', role: 'admin' },
  { path: '/dashboard', label: 'navDashboard', role: 'admin' },
  { path: '/programme', label: 'navProgramme', role: 'admin' },
  { path: '/embed-keys', label: 'navEmbedKeys', role: 'admin' },
  { path: '/tv', label: 'navTv', role: 'admin' },
];

function DevTokenForm() {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setInvalid(!signInWithToken(token));
  };
  return (
    <form onSubmit={submit}>
      <p>{t('devSignInLead')}</p>
      <label htmlFor="dev-token">{t('devToken')}</label>
      <textarea
        id="dev-token"
        rows={3}
        value={token}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'dev-token-error' : undefined}
        onChange={(event) => setToken(event.target.value)}
      />
      {invalid ? (
        <p className="field-error" id="dev-token-error">
          {t('devTokenInvalid')}
        </p>
      ) : null}
      <button type="submit" className="primary">
        {t('signIn')}
      </button>
    </form>
  );
}

function SignIn() {
  const { t } = useI18n();
  return (
    <main id="main" className="sign-in">
      <h1>{t('appName')}</h1>
      <p>{t('signInLead')}</p>
      {SIGN_IN === 'dev-token' ? (
        <DevTokenForm />
      ) : (
        <button type="button" className="primary" onClick={() => void signIn()}>
          {t('signIn')}
        </button>
      )}
    </main>
  );
}

/**
 * The app speaks the language of the person's profile once they saved one (until then the browser's
 * or the last choice here); choosing another here saves it to the profile, so mails and the feed
 * follow too.
 */
function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const { profile, save } = useProfile();
  const saved = profile.data?.updatedAt ? languageOf(profile.data.language) : null;
  useEffect(() => {
    if (saved) setLanguage(saved);
  }, [saved, setLanguage]);
  const choose = (next: Language) => {
    setLanguage(next);
    if (profile.data && languageOf(profile.data.language) !== next) save.mutate({ language: next });
  };
  return (
    <label className="language">
      <span className="sr-only">{t('language')}</span>
      <select value={language} onChange={(event) => choose(event.target.value as Language)}>
        <option value="en">English</option>
        <option value="nl">Nederlands</option>
      </select>
    </label>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const current = useSession();
  const [location] = useLocation();
  // On phones the navigation folds behind a menu button: twelve items do not fit 360 px, and a
  // sideways-scrolling bar gives no hint that more exist. Wider screens show it whole and wrapped.
  const menu = useDisclosure();
  const { setOpen: setMenuOpen } = menu;
  useEffect(() => {
    setMenuOpen(false);
    // Move focus to the new page's heading so screen readers announce the route change.
    document.getElementById('page-title')?.focus({ preventScroll: true });
  }, [location, setMenuOpen]);
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="top">
        <Link href="/" className="brand">
          {t('appName')}
        </Link>
        <button
          ref={menu.buttonRef}
          type="button"
          className="menu-button"
          aria-expanded={menu.open}
          aria-controls="main-nav"
          onClick={() => menu.setOpen((open) => !open)}
        >
          <span aria-hidden="true">☰ </span>
          {t('menu')}
        </button>
        <div className="top-right">
          <Suspense fallback={null}>
            <NotificationBell />
          </Suspense>
          <span className="who" data-testid="who">
            {current?.claims.name ?? current?.claims.sub}
          </span>
          <LanguageSwitch />
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <nav
        id="main-nav"
        aria-label="Main"
        className={menu.open ? 'nav open' : 'nav'}
        onKeyDown={menu.closeOnEscape}
      >
        <ul>
          {NAV.filter((item) => !item.role || hasRole(item.role)).map((item) => (
            <li key={item.path}>
              <Link href={item.path} aria-current={location === item.path ? 'page' : undefined}>
                {t(item.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">{children}</main>
    </>
  );
}

export function App() {
  const current = useSession();
  const { t } = useI18n();
  const [location] = useLocation();
  // An office screen opens TV mode with an embed key in its link and no one signed in.
  if (!current && location === '/tv' && /[#&]key=/.test(window.location.hash))
    return (
      <main id="main">
        <Suspense fallback={<p role="status">{t('loading')}</p>}>
          <TvPage />
        </Suspense>
      </main>
    );
  if (!current) return <SignIn />;
  const pages = (
    <Suspense fallback={<p role="status">{t('loading')}</p>}>
      <Switch>
        <Route path="/" component={TodayPage} />
        <Route path="/share/:contentId" component={SharePage} />
        <Route path="/points" component={PointsPage} />
        <Route path="/boards" component={BoardsPage} />
        <Route path="/role" component={RolePage} />
        <Route path="/propose" component={ProposePage} />
        <Route path="/coach" component={CoachPage} />
        <Route path="/console" component={ConsolePage} />
        <Route path="/library" component={LibraryPage} />
        <Route path="/guidelines" component={GuidelinesPage} />
        <Route path="/rules" component={RulesPage} />
        <Route path="/dashboard" component={DashboardPage} />
        <Route path="/programme" component={ProgrammePage} />
        <Route path="/embed-keys" component={EmbedKeysPage} />
        <Route path="/tv" component={TvPage} />
        <Route>
          <p>404</p>
        </Route>
      </Switch>
    </Suspense>
  );
  // TV mode is a full screen of its own, without the app's chrome.
  if (location === '/tv') return <main id="main">{pages}</main>;
  return <Shell>{pages}</Shell>;
}
