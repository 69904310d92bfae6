import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AppContext, type AppServices } from './app-context.js';
import { WalletPanel } from './components/wallet-panel.js';
import type { LoadedConfig } from './config/index.js';
import { MarketReader } from './market/reader.js';
import { AccountPage } from './pages/account-page.js';
import { lazy, Suspense } from 'preact/compat';
import { NotFound } from './pages/not-found.js';
import { TaskList } from './pages/task-list.js';
import { TaskPage } from './pages/task-page.js';
import { PreviewRoute } from './preview/preview-route.js';
import { routeHash, useRoute, type Route } from './router/index.js';
import { focusPageHeading } from './components/focus-heading.js';
import { chainName, useWallet } from './wallet/index.js';

// The wizard carries the spec schema and the IPFS importer: loaded when opened.
const CreateTask = lazy(() =>
  import('./pages/create-task.js').then((m) => ({ default: m.CreateTask })),
);

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'tasks':
      return <TaskList />;
    case 'task':
      return <TaskPage taskId={route.taskId} />;
    case 'preview':
      return <PreviewRoute taskId={route.taskId} submissionId={route.submissionId} />;
    case 'create':
      return (
        <Suspense fallback={<p role="status">Loading the wizard…</p>}>
          <CreateTask />
        </Suspense>
      );
    case 'account':
      return <AccountPage />;
    case 'not-found':
      return <NotFound path={route.path} />;
  }
}

/** The site: header with navigation and wallet, the routed page, a footer naming the data sources. */
export function App({ loaded }: { loaded: LoadedConfig }) {
  const route = useRoute();
  const wallet = useWallet(loaded.config);
  const reader = useMemo(() => {
    const { marketAddress } = loaded.config;
    return marketAddress ? new MarketReader({ ...loaded.config, marketAddress }) : null;
  }, [loaded]);
  const [clockSkew, setClockSkew] = useState(0);
  // Pages wait for the first chain-time reading (or its failure), so no deadline shows local time.
  const [clockReady, setClockReady] = useState(false);
  useEffect(() => {
    if (!reader) return;
    const sync = () =>
      reader
        .chainTime()
        .then(
          (t) => setClockSkew(t - Date.now() / 1000),
          () => undefined,
        )
        .finally(() => setClockReady(true));
    void sync();
    // A slow RPC must not hold the pages back for long.
    const fallback = setTimeout(() => setClockReady(true), 4000);
    const timer = setInterval(sync, 30_000);
    // Re-read chain time on navigation too: a local chain may have jumped ahead (evm_increaseTime).
    addEventListener('tem:refresh', sync);
    addEventListener('hashchange', sync);
    return () => {
      clearInterval(timer);
      clearTimeout(fallback);
      removeEventListener('tem:refresh', sync);
      removeEventListener('hashchange', sync);
    };
  }, [reader]);
  // A new page starts at its top with its heading focused (not on first load, so Tab reaches the
  // skip link first).
  const firstRoute = useRef(true);
  const hash = routeHash(route);
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const main = document.getElementById('main');
    if (!main) return;
    scrollTo(0, 0);
    return focusPageHeading(main);
  }, [hash]);

  const services: AppServices = useMemo(
    () => ({ loaded, reader, wallet, clockSkew }),
    [loaded, reader, wallet, clockSkew],
  );
  const current = (page: Route['page']) => (route.page === page ? ('page' as const) : undefined);
  return (
    <AppContext.Provider value={services}>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          const main = document.getElementById('main');
          if (main) focusPageHeading(main);
        }}
      >
        Skip to content
      </a>
      <header class="site-header">
        <a class="brand" href="#/">
          Theta Edge Marketplace
        </a>
        <nav aria-label="Main">
          <a href="#/" aria-current={current('tasks')}>
            Tasks
          </a>
          <a href="#/create" aria-current={current('create')}>
            Create a task
          </a>
          <a href="#/account" aria-current={current('account')}>
            Account
          </a>
        </nav>
        <WalletPanel />
      </header>
      <main id="main" tabIndex={-1}>
        {clockReady || !reader ? <Page route={route} /> : <p role="status">Reading the chain…</p>}
      </main>
      <footer class="site-footer">
        <p>
          Reading {chainName(loaded.config.chainId)} through <code>{loaded.config.rpcUrl}</code>
          {loaded.config.marketAddress ? (
            <>
              , market <code>{loaded.config.marketAddress}</code>
            </>
          ) : null}
          . Configuration: {loaded.source}
          {loaded.problem ? ` (config.json ignored: ${loaded.problem})` : ''}. This site never asks
          for a private key.
        </p>
      </footer>
    </AppContext.Provider>
  );
}
