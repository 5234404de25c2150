import type { DojangApi } from '../../preload/contract';

declare global {
  interface Window {
    /** Provided by the preload (Electron) or the browser host's client script. */
    readonly dojang: DojangApi;
  }
}
