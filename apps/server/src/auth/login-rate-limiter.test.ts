import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  it('blocks an email after too many failures until the window ends', () => {
    let now = 0;
    const limiter = new LoginRateLimiter({ maxFailuresPerEmail: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds('a@x.io', '1.1.1.1')).toBe(0);
      limiter.recordFailure('a@x.io', '1.1.1.1');
    }
    expect(limiter.retryAfterSeconds('a@x.io', '2.2.2.2')).toBe(60);
    expect(limiter.retryAfterSeconds('b@x.io', '1.1.1.1')).toBe(0);
    now = 30_000;
    expect(limiter.retryAfterSeconds('a@x.io', '1.1.1.1')).toBe(30);
    now = 60_000;
    expect(limiter.retryAfterSeconds('a@x.io', '1.1.1.1')).toBe(0);
  });

  it('blocks an address spraying many emails', () => {
    const limiter = new LoginRateLimiter({ maxFailuresPerAddress: 2, maxFailuresPerEmail: 100 });
    limiter.recordFailure('a@x.io', '9.9.9.9');
    limiter.recordFailure('b@x.io', '9.9.9.9');
    expect(limiter.retryAfterSeconds('c@x.io', '9.9.9.9')).toBeGreaterThan(0);
  });

  it('forgets an email’s failures after a successful login', () => {
    const limiter = new LoginRateLimiter({ maxFailuresPerEmail: 2 });
    limiter.recordFailure('a@x.io', '1.1.1.1');
    limiter.recordSuccess('a@x.io');
    limiter.recordFailure('a@x.io', '1.1.1.1');
    expect(limiter.retryAfterSeconds('a@x.io', '3.3.3.3')).toBe(0);
  });
});
