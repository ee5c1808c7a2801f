import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/domain/errors.js';

const teams = { MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret' };

describe('TEAMS_LOGIN_URL', () => {
  it("defaults to Microsoft's login host and drops a trailing slash (the bot appends the tenant)", () => {
    expect(loadConfig(teams).teams?.loginUrl).toBe('https://login.microsoftonline.com');
    expect(loadConfig({ ...teams, TEAMS_LOGIN_URL: 'https://login.example.org/' }).teams?.loginUrl).toBe(
      'https://login.example.org',
    );
  });

  it.each(['http://127.0.0.1:8443', 'login.microsoftonline.com', 'ftp://login.example.org'])(
    'rejects %s, naming the variable (MSAL accepts only https authorities)',
    (value) => {
      try {
        loadConfig({ ...teams, TEAMS_LOGIN_URL: value });
        expect.unreachable('the configuration was accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.join('\n')).toMatch(/^TEAMS_LOGIN_URL: .* must be an https URL/m);
      }
    },
  );
});
