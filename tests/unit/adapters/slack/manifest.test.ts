import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Manifest {
  display_information: { name: string; description: string; long_description?: string };
  features: {
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; url: string; description: string; usage_hint: string }>;
    app_home: { home_tab_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string; message_menu_options_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  await readFile(new URL('../../../../adapters/slack/manifest.yaml', import.meta.url), 'utf8'),
) as Manifest;

// The scope each event subscription needs (api.slack.com/events).
const EVENT_SCOPES: Record<string, string | undefined> = {
  app_home_opened: undefined,
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  channel_left: 'channels:read',
  group_left: 'groups:read',
  channel_archive: 'channels:read',
  channel_deleted: 'channels:read',
  channel_unarchive: 'channels:read',
  group_archive: 'groups:read',
  group_deleted: 'groups:read',
  group_unarchive: 'groups:read',
  member_joined_channel: 'channels:read',
  member_left_channel: 'channels:read',
  app_uninstalled: undefined,
  tokens_revoked: undefined,
};

describe('adapters/slack/manifest.yaml', () => {
  it('is valid YAML within Slack manifest limits', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    const long = manifest.display_information.long_description ?? '';
    expect(long.length).toBeGreaterThanOrEqual(174);
    expect(long.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });

  it('declares /migration-news and the events at the URL the bot serves', () => {
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe('/migration-news');
    expect(command?.url).toBe('https://YOUR-HOST/slack/events');
    expect(command?.usage_hint.length).toBeLessThanOrEqual(1000);
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://YOUR-HOST/slack/events');
    // Interactivity (Home tab, modals, story menus, the zone menu's options) on the same URL.
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://YOUR-HOST/slack/events',
      message_menu_options_url: 'https://YOUR-HOST/slack/events',
    });
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('asks for the scopes its features need and no more', () => {
    // conversations.members (public and private channels) and users.info (the form's zone) need the read scopes.
    const needed = new Set([
      'commands',
      'chat:write',
      'channels:read',
      'groups:read',
      // conversations.info on a DM: tells the bot's own DM from one between other people (no digest can go there).
      'im:read',
      'users:read',
      ...manifest.settings.event_subscriptions.bot_events.map((e) => EVENT_SCOPES[e]).filter(Boolean),
    ]);
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'app_uninstalled',
      'channel_archive',
      'channel_deleted',
      'channel_left',
      'channel_unarchive',
      'group_archive',
      'group_deleted',
      'group_left',
      'group_unarchive',
      'member_joined_channel',
      'member_left_channel',
      'message.channels',
      'message.groups',
      'message.im',
      'tokens_revoked',
    ]);
  });

  it("names the bot as the adapter's invite hint does", async () => {
    const handler = await readFile(new URL('../../../../adapters/slack/to-chat-error.ts', import.meta.url), 'utf8');
    expect(handler).toContain(`/invite @${manifest.features.bot_user.display_name}`);
  });
});
