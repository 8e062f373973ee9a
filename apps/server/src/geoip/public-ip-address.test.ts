import { describe, expect, it } from 'vitest';
import { publicIpAddress } from './public-ip-address';

describe('publicIpAddress', () => {
  it('accepts public IPv4 and IPv6 addresses, unwrapping IPv4-mapped ones', () => {
    expect(publicIpAddress('8.8.8.8')).toEqual({ address: '8.8.8.8', family: 4 });
    expect(publicIpAddress('2001:4860:4860::8888')).toEqual({ address: '2001:4860:4860::8888', family: 6 });
    expect(publicIpAddress('::ffff:8.8.8.8')).toEqual({ address: '8.8.8.8', family: 4 });
  });

  it('refuses private, loopback, link-local, CGNAT, documentation and invalid addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.1.1',
      '100.64.0.1',
      '192.0.2.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd12:3456::1',
      '2001:db8::1',
      '::ffff:10.0.0.1',
      'not an ip',
      '',
      '999.1.1.1',
    ]) {
      expect(publicIpAddress(ip), ip).toBeNull();
    }
  });
});
