import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_WORDS } from '../../../../adapters/teams/route-message.js';
import { PLACEHOLDER_APP_ID, PackageError, packageTeamsApp } from '../../../../adapters/teams/manifest/package.js';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HTTPS = /^https:\/\/\S+$/;

// Top-level properties of the Teams app manifest schema (v1.19) that this app may use.
const KNOWN_TOP_LEVEL = new Set([
  '$schema',
  'manifestVersion',
  'version',
  'id',
  'localizationInfo',
  'developer',
  'name',
  'description',
  'icons',
  'accentColor',
  'configurableTabs',
  'staticTabs',
  'bots',
  'connectors',
  'composeExtensions',
  'permissions',
  'validDomains',
  'webApplicationInfo',
  'devicePermissions',
  'showLoadingIndicator',
  'isFullScreen',
  'activities',
  'defaultInstallScope',
  'defaultGroupCapability',
  'authorization',
  'packageName',
  'subscriptionOffer',
  'meetingExtensionDefinition',
  'graphConnector',
  'scopeConstraints',
]);

interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  developer: Record<string, string>;
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: Record<string, string>;
  accentColor: string;
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
  }>;
  validDomains: string[];
}

describe('npm run teams:package', () => {
  let dir: string;
  let zip: AdmZip;
  let manifest: Manifest;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnb-teams-pkg-'));
    const result = await packageTeamsApp({
      appId: APP_ID,
      domain: 'migration-news.example.org',
      out: join(dir, 'teams-app.zip'),
    });
    expect(result.warnings).toEqual([]);
    zip = new AdmZip(result.zipPath);
    manifest = JSON.parse(zip.readAsText('manifest.json')) as Manifest;
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('zips manifest.json and both icons at the root of the package', () => {
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('has every field the Teams manifest schema requires, within its limits', () => {
    const version = /\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema)?.[1];
    expect(version).toBeDefined();
    expect(manifest.manifestVersion).toBe(version);
    expect(Number(version?.split('.')[1])).toBeGreaterThanOrEqual(17);
    expect(Object.keys(manifest).filter((k) => !KNOWN_TOP_LEVEL.has(k))).toEqual([]);
    for (const key of ['manifestVersion', 'version', 'id', 'developer', 'name', 'description', 'icons', 'accentColor'])
      expect(manifest).toHaveProperty(key);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.id).toMatch(GUID);
    for (const url of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(manifest.developer[url]).toMatch(HTTPS);
    expect(manifest.developer.name?.length).toBeLessThanOrEqual(32);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{|\}\}/);
  });

  it('declares the bot with its app id, in personal, team and group chat scopes, with the command grammar', () => {
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0] as Manifest['bots'][number];
    expect(bot.botId).toBe(APP_ID);
    expect(manifest.id).toBe(APP_ID);
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.commandLists.length).toBeLessThanOrEqual(3);
    expect(bot.commandLists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      expect(list.commands.map((c) => c.title).sort()).toEqual([...COMMAND_WORDS].sort());
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeGreaterThan(0);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
  });

  it('lists the bot host as a valid domain', () => {
    expect(manifest.validDomains).toEqual(['migration-news.example.org']);
  });

  it('ships a 192x192 colour icon and a 32x32 outline icon that is white on transparent', () => {
    const color = PNG.sync.read(zip.readFile('color.png') as Buffer);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(zip.readFile('outline.png') as Buffer);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      if ((outline.data[i + 3] ?? 0) === 0) continue;
      opaque++;
      expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(opaque).toBeGreaterThan(50);
    expect(outline.data[3]).toBe(0); // the corner is transparent
  });

  it('builds a package without an app id, with a placeholder and a warning', async () => {
    const result = await packageTeamsApp({ out: join(dir, 'placeholder.zip') });
    expect(result.manifest.bots).toMatchObject([{ botId: PLACEHOLDER_APP_ID }]);
    expect(result.manifest.validDomains).toEqual([]);
    expect(result.warnings.join('\n')).toMatch(/MicrosoftAppId is not set/);
  });

  it('refuses an app id that is not a GUID, naming the setting', async () => {
    await expect(packageTeamsApp({ appId: 'my-bot', out: join(dir, 'bad.zip') })).rejects.toThrow(PackageError);
    await expect(packageTeamsApp({ appId: 'my-bot', out: join(dir, 'bad.zip') })).rejects.toThrow(
      /MicrosoftAppId \/ --app-id/,
    );
  });
});
