/** Test entry of the browser host (dist/test/host.mjs): the product's host plus the e2e journeys' test services. */
import { testServicesFromEnv } from '../app/test-hooks.js';
import { runOrExit } from './start.js';

runOrExit(testServicesFromEnv(process.env));
