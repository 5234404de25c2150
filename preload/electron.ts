/**
 * Electron preload (sandboxed): exposes `window.dojang` through contextBridge. It forwards calls to
 * main over one IPC channel per method and relays push events; it holds no logic and no Node access.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './build-api.js';
import { channelFor, EVENT_CHANNEL, type EventMessage } from './contract.js';
import type { Outcome } from './errors.js';

const api = buildApi({
  host: 'electron',
  invoke: (method, request) => ipcRenderer.invoke(channelFor(method), request) as Promise<Outcome<unknown>>,
  subscribe: (listener) => {
    ipcRenderer.on(EVENT_CHANNEL, (_event, message: EventMessage) => listener(message.event, message.payload));
  },
});

contextBridge.exposeInMainWorld('dojang', api);
