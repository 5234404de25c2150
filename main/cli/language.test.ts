import { describe, expect, it } from 'vitest';
import { DojangError } from '../../common/errors.js';
import { cliLanguage } from './language.js';

describe('the CLI language', () => {
  it('is Korean for a Korean locale (LC_ALL, then LC_MESSAGES, then LANG), English otherwise', () => {
    expect(cliLanguage({ LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(cliLanguage({ LC_ALL: 'C.UTF-8', LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(cliLanguage({ LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ko');
    expect(cliLanguage({})).toBe('en');
  });

  it('an error says its message in either language, with its parameters', () => {
    const e = new DojangError('RATE_LIMITED', 'cloud.rateLimited', { wait: 371 });
    expect(e.text('ko')).toBe('시도가 너무 많습니다. 기다린 뒤 다시 시도하세요: 6분 11초');
    expect(e.text('en')).toBe('Too many attempts: try again in 6 minutes 11 seconds.');
    expect(e.message).toBe(e.text('en'));
  });
});
