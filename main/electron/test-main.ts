/** Test entry of the desktop app (dist/test/electron.mjs): the product plus the e2e journeys' test services. */
import { testServicesFromEnv } from '../app/test-hooks.js';
import { runElectronApp } from './app.js';

runElectronApp(testServicesFromEnv(process.env));
