import { useEffect, useState } from 'preact/hooks';

/** Loading state of an async read. */
export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  /** `error` is what the load threw, for pages that tell known failures apart (a missing task). */
  | { status: 'error'; message: string; error: unknown };

/**
 * Runs `load` when `deps` change and whenever `tem:refresh` fires; keeps the last value while
 * refreshing so the page does not flicker.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    const run = () =>
      load().then(
        (value) => live && setState({ status: 'ready', value }),
        (error: unknown) =>
          live &&
          setState({
            status: 'error',
            message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
            error,
          }),
      );
    setState({ status: 'loading' });
    void run();
    addEventListener('tem:refresh', run);
    return () => {
      live = false;
      removeEventListener('tem:refresh', run);
    };
  }, deps);
  return state;
}
