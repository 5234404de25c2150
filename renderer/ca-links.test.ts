/**
 * Outside renderer/src on purpose: it reads main's allow-list, which the renderer itself may not import.
 * Every CA page the UI offers must be one main will open.
 */
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../main/app/external-links.js';
import { CA_LINKS, ROOT_CA_INFO } from './src/data/ca-links';

describe('CA pages', () => {
  it('every renewal, reissue, issue and revocation page is on main’s allow-list', () => {
    const urls = [ROOT_CA_INFO, ...Object.values(CA_LINKS).flatMap((links) => Object.values(links))];
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(isAllowedExternalUrl(url), url).toBe(true);
  });
});
