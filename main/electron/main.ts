/** Entry of the desktop app (dist/main/electron.mjs); also the web signing agent's native host when a browser starts it (agent-entry.ts). */
import { app } from 'electron';
import { agentEntry } from './agent-entry.js';
import { runElectronApp } from './app.js';

const agent = agentEntry(process.argv.slice(app.isPackaged ? 1 : 2), process.execPath);
if (agent) void agent().then((code) => app.exit(code));
else runElectronApp();
