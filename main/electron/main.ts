/** Entry of the desktop app (dist/main/electron.mjs). */
import { runElectronApp } from './app.js';

runElectronApp();
