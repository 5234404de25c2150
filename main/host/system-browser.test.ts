/** The app window's start is judged by the real process: one that exits at once is not "opened". */
import { describe, expect, it } from 'vitest';
import { openAppWindow } from './system-browser.js';

describe('openAppWindow', () => {
  it('a browser that exits at once (as Chromium does without a display) is reported with its exit code', async () => {
    expect(await openAppWindow('/bin/sh', ['-c', 'exit 1'])).toEqual({ open: false, why: 'exit code 1' });
  });

  it('a browser that cannot start says why', async () => {
    const r = await openAppWindow('/nonexistent/chromium', []);
    expect(r.open).toBe(false);
    expect(r.open ? '' : r.why).toMatch(/ENOENT/);
  });

  it('a browser still running after the settle time is open', async () => {
    expect(await openAppWindow('/bin/sh', ['-c', 'sleep 2'], 200)).toEqual({ open: true });
  });
});
