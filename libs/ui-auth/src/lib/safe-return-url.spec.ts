import { safeReturnUrl } from './safe-return-url';

describe('safeReturnUrl', () => {
  it('follows in-app paths', () => {
    expect(safeReturnUrl('/activity/42?tab=log', '/')).toBe('/activity/42?tab=log');
  });

  it.each([null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/sign-in', '/register?x=1'])(
    'falls back for %s',
    (candidate) => {
      expect(safeReturnUrl(candidate, '/home')).toBe('/home');
    },
  );
});
