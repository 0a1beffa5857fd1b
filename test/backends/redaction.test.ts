// Credentials never reach output: in URLs (user info, credential query keys in any case) and as known
// secrets in any case, URL-encoded or base64-encoded (a server may echo them back in any of these).
import { expect, test } from '@playwright/test';
import { Redactor, redactUrl } from '../../harness/backends/credentials.js';

test('URLs: user info and credential query values are redacted, other parameters kept', () => {
  expect(redactUrl('http://u:p@h:9200/x')).toBe('http://[REDACTED]@h:9200/x');
  expect(redactUrl('https://h/?api_key=abc123&x=1')).toBe('https://h/?api_key=[REDACTED]&x=1');
  expect(redactUrl('https://h/p?X=1&Access_Token=zz9&PASSWORD=pw#f')).toBe('https://h/p?X=1&Access_Token=[REDACTED]&PASSWORD=[REDACTED]#f');
  expect(redactUrl('https://h/?x-amz-signature=deadbeef')).toBe('https://h/?x-amz-signature=[REDACTED]');
  expect(redactUrl('https://h/?index=main&count=1')).toBe('https://h/?index=main&count=1');
});

test('known secrets: case variants, URL-encoded and base64 forms are redacted', () => {
  const secret = 'Hunter2 Secret/+';
  const r = new Redactor([secret]);
  const forms = [
    secret,
    secret.toUpperCase(),
    secret.toLowerCase(),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ];
  for (const form of forms) {
    const out = r.redact(`server said: ${form} (end)`);
    expect(out, form).toBe('server said: [REDACTED] (end)');
  }
  expect(r.redact('nothing secret here')).toBe('nothing secret here');
});
