import { describe, expect, it } from 'vitest';
import { messageInLanguage } from '../../preload/errors.js';

describe('messageInLanguage', () => {
  it('takes the half in the language of "한국어 / English" and "한국어 (English)"; a one-language message whole', () => {
    expect(messageInLanguage('PIN이 틀렸습니다. / Wrong PIN.', 'en')).toBe('Wrong PIN.');
    expect(messageInLanguage('PIN이 틀렸습니다. / Wrong PIN.', 'ko')).toBe('PIN이 틀렸습니다.');
    const paren = '비밀번호가 틀렸거나 키 파일이 손상되었습니다 (wrong password or damaged key file)';
    expect(messageInLanguage(paren, 'en')).toBe('wrong password or damaged key file');
    expect(messageInLanguage(paren, 'ko')).toBe('비밀번호가 틀렸거나 키 파일이 손상되었습니다');
    expect(messageInLanguage('The device to replace is not connected.', 'ko')).toBe('The device to replace is not connected.');
    expect(messageInLanguage('인증서 (signCert.der) 없음', 'en')).toBe('인증서 (signCert.der) 없음');
  });
});
