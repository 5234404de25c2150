import { describe, expect, it } from 'vitest';
import { ldapSearch } from './ldap.js';
import { LdapUrlError, attributeType, formatLdapUrl, parseLdapUrl } from './ldap-url.js';

describe('LDAP URLs (RFC 4516)', () => {
  it('a yessign CRL distribution point: host, port, DN, attribute; scope base and filter objectClass=* by default', () => {
    expect(parseLdapUrl('ldap://ds.yessign.or.kr:389/ou=dp5p22874,ou=AccreditedCA,o=yessign,c=kr?certificateRevocationList')).toEqual({
      secure: false,
      host: 'ds.yessign.or.kr',
      port: 389,
      dn: 'ou=dp5p22874,ou=AccreditedCA,o=yessign,c=kr',
      attributes: ['certificateRevocationList'],
      scope: 'base',
      filter: '(objectClass=*)',
      server: 'ldap://ds.yessign.or.kr:389',
    });
  });

  it('the KISA ARL shape, the ;binary form, percent-decoding, default ports', () => {
    const arl = parseLdapUrl('ldap://dir.crosscert.com/CN=KISA-RootCA-4,OU=Korea-Certification-Authority-Central,O=KISA,C=KR?authorityRevocationList;binary');
    expect(arl).toMatchObject({ port: 389, dn: 'CN=KISA-RootCA-4,OU=Korea-Certification-Authority-Central,O=KISA,C=KR', attributes: ['authorityRevocationList;binary'] });
    expect(attributeType(arl.attributes[0]!)).toBe('authorityrevocationlist');
    // RFC 4516 §4 example: "?" in a DN value is percent-encoded; spaces too
    expect(parseLdapUrl('ldap://ldap1.example.net/o=Question%3f,c=US?mail').dn).toBe('o=Question?,c=US');
    expect(parseLdapUrl('ldap://h/cn=yessignCA%20Class%204,o=yessign,c=kr').dn).toBe('cn=yessignCA Class 4,o=yessign,c=kr');
    expect(parseLdapUrl('ldaps://h/o=x').server).toBe('ldaps://h:636');
    expect(parseLdapUrl('ldap://[::1]:3890/o=x??one?(cn=a)')).toMatchObject({ host: '::1', port: 3890, scope: 'one', filter: '(cn=a)', attributes: [] });
  });

  it('refuses what cannot be used: a bad host, a bad port, a bad scope, an unknown critical extension, bad encoding', () => {
    // RFC 4516 §4 example without a host: parsed (a partition name), but nothing to connect to
    expect(parseLdapUrl('ldap:///o=University%20of%20Michigan,c=US')).toMatchObject({ host: '', dn: 'o=University of Michigan,c=US' });
    expect(() => parseLdapUrl('ldap://exa mple/o=x')).toThrow(LdapUrlError);
    expect(() => parseLdapUrl('ldap://h:99999/o=x')).toThrow(/port/);
    expect(() => parseLdapUrl('ldap://h/o=x?cn?deep')).toThrow(/scope/);
    expect(() => parseLdapUrl('ldap://h/o=x????!bindname=cn=Manager')).toThrow(/critical extension bindname/);
    expect(() => parseLdapUrl('ldap://h/o=%zz')).toThrow(/percent/);
    expect(() => parseLdapUrl('http://h/o=x')).toThrow(/not an LDAP URL/);
    // a non-critical extension is ignored
    expect(parseLdapUrl('ldap://h/o=x????e-bindname=cn=Manager').dn).toBe('o=x');
  });

  it('formatLdapUrl round-trips a DN with spaces and Korean text', () => {
    const url = formatLdapUrl('ldap://127.0.0.1:389', 'CN=서명 CA,O=yessign,C=KR', 'cACertificate;binary');
    expect(url).not.toMatch(/\s/);
    expect(parseLdapUrl(url)).toMatchObject({ dn: 'CN=서명 CA,O=yessign,C=KR', attributes: ['cACertificate;binary'] });
  });
});

describe('ldapSearch refuses a URL it cannot use, without connecting', () => {
  it('no host, or a critical extension', async () => {
    const req = { attribute: 'certificateRevocationList', timeoutMs: 1000, maxBytes: 1024 };
    await expect(ldapSearch({ ...req, url: 'ldap:///ou=dp1,o=yessign,c=kr' })).rejects.toThrow('not a usable LDAP URL: no host');
    await expect(ldapSearch({ ...req, url: 'ldap://h/o=x????!x-critical' })).rejects.toThrow(/critical extension/);
  });
});
