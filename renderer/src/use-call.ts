import { useCallback, useEffect, useRef, useState } from 'react';
import type { BridgeError, Outcome } from '../../preload/errors';

export type CallState<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; error: BridgeError };

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

export type ActionState<T> = { status: 'idle' } | { status: 'busy' } | { status: 'ok'; value: T } | { status: 'error'; error: BridgeError };

/** A user-triggered call (a form's submit): busy while it runs, then its value or error. */
export function useAction<T>() {
  const [state, setState] = useState<ActionState<T>>({ status: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (call: Promise<Outcome<T>>): Promise<Outcome<T>> => {
    setState({ status: 'busy' });
    const outcome = await call;
    if (mounted.current) setState(outcome.ok ? { status: 'ok', value: outcome.value } : { status: 'error', error: outcome.error });
    return outcome;
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, reset, busy: state.status === 'busy' };
}
