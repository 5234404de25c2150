import { useCallback, useEffect, useState } from 'react';
import type { BridgeError, Outcome } from '../../preload/errors';

export type CallState<T> =
  | { status: 'loading' }
  | { status: 'ok'; value: T }
  | { status: 'error'; error: BridgeError };

/** Runs a bridge call on mount (and on reload()), exposing loading / value / error. */
export function useCall<T>(call: () => Promise<Outcome<T>>): [CallState<T>, () => void] {
  const [state, setState] = useState<CallState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void call().then((outcome) => {
      if (live) setState(outcome.ok ? { status: 'ok', value: outcome.value } : { status: 'error', error: outcome.error });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload is explicit, through generation
  }, [generation]);
  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((g) => g + 1);
  }, []);
  return [state, reload];
}
