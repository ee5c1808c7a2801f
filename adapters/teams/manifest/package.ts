import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import AdmZip from 'adm-zip';
import { config as readDotenv } from 'dotenv';
import { makeIcons } from './make-icons.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i;
export const PLACEHOLDER_APP_ID = '00000000-0000-0000-0000-000000000000';

export interface PackageOptions {
  /** The bot's Microsoft App ID (Azure Bot registration): bots[0].botId. */
  appId?: string | undefined;
  /** The Teams app id (manifest `id`); defaults to the bot's app id. */
  teamsAppId?: string | undefined;
  /** The bot's public host name (validDomains), e.g. migration-news.example.org. */
  domain?: string | undefined;
  /** Developer website / privacy / terms URL shown in the Teams store entry (https). */
  developerUrl?: string | undefined;
  /** Manifest `version` (semver); defaults to package.json's. */
  version?: string | undefined;
  /** Where to write the zip; default dist/teams-app.zip. */
  out?: string | undefined;
}

export interface PackageResult {
  zipPath: string;
  manifest: Record<string, unknown>;
  /** Placeholders filled with stand-ins: fine to inspect the package, not to install it for real. */
  warnings: string[];
}

export class PackageError extends Error {}

/** Builds the Teams app package: manifest.json with the ids filled in, plus color.png and outline.png, zipped flat. */
export async function packageTeamsApp(options: PackageOptions): Promise<PackageResult> {
  const warnings: string[] = [];
  const problems: string[] = [];
  let appId = options.appId?.trim();
  if (!appId) {
    warnings.push(
      `MicrosoftAppId is not set (or --app-id): botId is the placeholder ${PLACEHOLDER_APP_ID}; Teams will not reach the bot`,
    );
    appId = PLACEHOLDER_APP_ID;
  } else if (!GUID.test(appId))
    problems.push(`MicrosoftAppId / --app-id: "${appId}" is not a GUID (the Azure Bot's Microsoft App ID)`);
  const teamsAppId = options.teamsAppId?.trim() || appId;
  if (options.teamsAppId?.trim() && !GUID.test(teamsAppId))
    problems.push(`TEAMS_APP_ID / --teams-app-id: "${teamsAppId}" is not a GUID`);
  const domain = options.domain
    ?.trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  if (domain && !DOMAIN.test(domain))
    problems.push(`BOT_DOMAIN / --domain: "${domain}" is not a host name such as bot.example.org`);
  const developerUrl = options.developerUrl?.trim() || (domain ? `https://${domain}/` : 'https://www.example.com/');
  if (!options.developerUrl && !domain)
    warnings.push('TEAMS_DEVELOPER_URL / --developer-url is not set: the developer URLs are https://www.example.com/');
  if (!/^https:\/\/\S+$/.test(developerUrl))
    problems.push(`TEAMS_DEVELOPER_URL / --developer-url: "${developerUrl}" must be an https URL`);
  const version = options.version?.trim() || (await packageVersion());
  if (!/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(version))
    problems.push(`--version: "${version}" is not a semver version such as 1.2.3`);
  if (problems.length > 0) throw new PackageError(problems.join('\n'));

  const values: Record<string, string> = {
    MICROSOFT_APP_ID: appId,
    TEAMS_APP_ID: teamsAppId,
    BOT_DOMAIN: domain ?? '',
    DEVELOPER_URL: developerUrl,
    APP_VERSION: version,
  };
  const template = JSON.parse(await readFile(join(HERE, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const manifest = fill(template, values) as Record<string, unknown>;
  // Without a domain the bot-only app needs no valid domains.
  manifest.validDomains = ((manifest.validDomains as string[] | undefined) ?? []).filter(Boolean);
  const leftover = JSON.stringify(manifest).match(/\{\{[A-Z_]+\}\}/g);
  if (leftover)
    throw new PackageError(`manifest.json has placeholders nobody fills: ${[...new Set(leftover)].join(', ')}`);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  const icons = await readIcons();
  zip.addFile('color.png', icons.color);
  zip.addFile('outline.png', icons.outline);
  const zipPath = resolve(options.out ?? join('dist', 'teams-app.zip'));
  await mkdir(dirname(zipPath), { recursive: true });
  await writeFile(zipPath, zip.toBuffer());
  return { zipPath, manifest, warnings };
}

/** Replaces {{NAME}} in every string of the manifest. */
function fill(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{\{([A-Z_]+)\}\}/g, (m, name: string) => values[name] ?? m);
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  return value;
}

async function readIcons(): Promise<{ color: Buffer; outline: Buffer }> {
  try {
    return { color: await readFile(join(HERE, 'color.png')), outline: await readFile(join(HERE, 'outline.png')) };
  } catch {
    return makeIcons(); // icons not generated yet: draw them
  }
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(resolve(HERE, '../../../package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '1.0.0';
}

/** `npm run teams:package [-- --app-id GUID --domain HOST --developer-url URL --version X.Y.Z --out FILE]`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'app-id': { type: 'string' },
      'teams-app-id': { type: 'string' },
      domain: { type: 'string' },
      'developer-url': { type: 'string' },
      version: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        'Usage: npm run teams:package -- [--app-id GUID] [--teams-app-id GUID] [--domain HOST] [--developer-url URL] [--version X.Y.Z] [--out FILE]',
        'Builds dist/teams-app.zip (manifest.json + icons) to upload to Teams. Defaults come from the environment',
        '(and .env): MicrosoftAppId, TEAMS_APP_ID, BOT_DOMAIN, TEAMS_DEVELOPER_URL.',
        '',
      ].join('\n'),
    );
    return;
  }
  readDotenv({ quiet: true });
  const env = process.env;
  try {
    const result = await packageTeamsApp({
      appId: values['app-id'] ?? env.MicrosoftAppId,
      teamsAppId: values['teams-app-id'] ?? env.TEAMS_APP_ID,
      domain: values.domain ?? env.BOT_DOMAIN,
      developerUrl: values['developer-url'] ?? env.TEAMS_DEVELOPER_URL,
      version: values.version,
      out: values.out,
    });
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(`${result.zipPath}\n`);
  } catch (error) {
    if (error instanceof PackageError) {
      process.stderr.write(`teams:package: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
