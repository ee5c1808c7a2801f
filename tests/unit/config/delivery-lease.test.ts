import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/domain/errors.js';

describe('DELIVERY_LEASE_MS', () => {
  it('defaults to 15 s and accepts a shorter lease for tests', () => {
    expect(loadConfig({}).deliveryLeaseMs).toBe(15_000);
    expect(loadConfig({ DELIVERY_LEASE_MS: '2000' }).deliveryLeaseMs).toBe(2_000);
  });

  it.each(['500', '0', 'soon', '1e9'])('rejects %s, naming the variable', (value) => {
    try {
      loadConfig({ DELIVERY_LEASE_MS: value });
      expect.unreachable('the configuration was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(/^DELIVERY_LEASE_MS: /m);
    }
  });
});
