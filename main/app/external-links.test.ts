import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-links.js';

describe('external links', () => {
  it('allows the CA pages over https', () => {
    expect(isAllowedExternalUrl('https://www.yessign.or.kr/home/subIndex/566.do')).toBe(true);
    expect(isAllowedExternalUrl('https://www.crosscert.com/')).toBe(true);
  });
  it.each([
    'http://www.yessign.or.kr/',
    'https://www.yessign.or.kr.evil.example/',
    'https://user:pw@www.yessign.or.kr/',
    'https://www.yessign.or.kr:8443/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://evil.example/?https://www.yessign.or.kr',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
