import { setFlagsFromString } from 'node:v8';

/**
 * For a one-shot command that runs the same parser a few thousand times (`dojang scan` of 1,000
 * folders): V8 would compile its hot functions with TurboFan on a background thread, and in a run
 * this short that compile costs more CPU than the faster code saves (about 100 of 255 ms at 1,000
 * folders; docs/decisions.md, "Performance: scan, whole process"). A tiering budget ~15 times V8's
 * lets a function optimize only once a run is long (10,000 folders still are). A tuning number:
 * what the code does is the same. Only the CLI's own process: runCli inside a test keeps V8's defaults.
 */
export function tuneJitForShortRun(): void {
  setFlagsFromString('--interrupt-budget=1000000');
}
