/** Entry of the browser host (dist/main/host.mjs). */
import { runOrExit } from './start.js';

runOrExit();
