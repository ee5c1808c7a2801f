import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAL_CHAT, type TeamsHarness, startTeamsHarness } from './teams-harness.js';

describe('Teams endpoint with credentials configured', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ env: { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' } });
  });
  afterAll(async () => h?.stop());

  it('refuses an activity without a token with 401 and processes nothing', async () => {
    expect(await h.send(h.personal('latest'))).toBe(401);
    expect(await h.send(h.installedInTeam())).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.connector.requests).toHaveLength(0);
    expect(await h.core.store.channels.get('teams', PERSONAL_CHAT)).toBeUndefined();
    expect(await h.core.store.deliveryLog.recent({ limit: 10 })).toHaveLength(0);
  });

  it('refuses a malformed bearer token with 401', async () => {
    expect(await h.send(h.personal('latest'), { authorization: 'Bearer not-a-jwt' })).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.connector.requests).toHaveLength(0);
  });
});
