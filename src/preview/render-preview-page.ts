import type { SourceHealth, StatusReport } from '../chat/collect-status.js';
import { describeBudget } from '../chat/describe-status.js';
import type { PreviewModel } from './build-preview.js';
import { escapeHtml, jsonForScript } from './escape-html.js';
import { ASSETS_PATH } from './preview-assets.js';

/**
 * The preview page: the digest as Slack (server-rendered Block Kit) and Teams (Adaptive Cards, rendered in the
 * browser by Microsoft's renderer from JSON data) will show it, side by side, then the bot's health. No inline
 * script or style: the Content-Security-Policy allows scripts and styles from this server only.
 */
export function renderPreviewPage(model: PreviewModel): string {
  const e = escapeHtml;
  const teamsBytes = model.teams.map((m) => m.bytes ?? Buffer.byteLength(JSON.stringify(m.card), 'utf8'));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Migration news · digest preview</title>
<link rel="stylesheet" href="${ASSETS_PATH}/adaptivecards.css">
<link rel="stylesheet" href="${ASSETS_PATH}/preview.css">
<script src="${ASSETS_PATH}/adaptivecards.min.js" defer></script>
<script src="${ASSETS_PATH}/preview.js" defer></script>
</head>
<body>
<header class="top">
<h1>Migration news · digest preview</h1>
${renderForm(model)}
</header>
<p class="scope">${e(model.scope)} ${model.digest.items.length} ${model.digest.items.length === 1 ? 'story' : 'stories'} · ${e(model.languages.join(' + '))} · generated ${e(utc(model.digest.generatedAt))}</p>
${model.notices.map((n) => `<p class="notice" role="status">${e(n)}</p>`).join('\n')}
<main class="platforms">
<section class="pane slack-pane" id="slack-preview" aria-labelledby="slack-title">
<h2 id="slack-title">Slack <small>${model.slack.messages} ${model.slack.messages === 1 ? 'message' : 'messages'}</small></h2>
${model.slack.html}
</section>
<section class="pane teams-pane" id="teams-preview" aria-labelledby="teams-title">
<h2 id="teams-title">Microsoft Teams <small>${model.teams.length} ${model.teams.length === 1 ? 'card' : 'cards'}</small></h2>
<noscript><p class="notice">The Teams preview is drawn by the Adaptive Cards renderer: it needs JavaScript.</p></noscript>
${model.teams
  .map(
    (
      _m,
      i,
    ) => `${i > 0 ? `<div class="split-marker" role="separator"><span>message ${i + 1} of ${model.teams.length}: a separate activity</span></div>` : ''}<article class="teams-message" data-message="${i + 1}">
<div class="teams-byline"><span class="teams-name">Migration News</span> <span class="teams-time">preview</span></div>
<div class="teams-card" data-teams-card="${i}"></div>
<div class="frame-meta">card ${i + 1}/${model.teams.length} · ${(teamsBytes[i] ?? 0).toLocaleString('en-US')} bytes${(teamsBytes[i] ?? 0) > 28_000 ? '<span class="limit-problem">over the ~28 KB Teams limit</span>' : ''}</div>
</article>`,
  )
  .join('\n')}
<script type="application/json" id="teams-cards">${jsonForScript([...model.teams.map((m) => m.card), ...(model.chat ? [model.chat.teamsForm] : [])])}</script>
</section>
</main>
${model.chat ? renderChatSurfaces(model.chat, model.teams.length) : ''}
${renderHealth(model.status)}
<footer class="foot">Preview only: nothing on this page is posted. Links open the original articles.</footer>
</body>
</html>
`;
}

/** The Slack Home tab and the Teams subscribe card (drawn by preview.js from the same JSON as the digest cards). */
function renderChatSurfaces(chat: NonNullable<PreviewModel['chat']>, cardIndex: number): string {
  return `<section class="platforms chat-surfaces" id="chat-surfaces" aria-labelledby="chat-title">
<h2 id="chat-title" class="chat-title">Settings without typing</h2>
<section class="pane slack-pane" id="slack-home" aria-label="Slack App Home tab">
<h3>Slack · App Home tab</h3>
${chat.slackHome}
</section>
<section class="pane teams-pane" id="teams-subscribe" aria-label="Teams subscribe card">
<h3>Teams · <code>subscribe</code> card</h3>
<article class="teams-message"><div class="teams-card" data-teams-card="${cardIndex}"></div></article>
</section>
</section>`;
}

function renderForm(model: PreviewModel): string {
  const e = escapeHtml;
  const current = model.languages.join(',');
  const langOptions = model.languageOptions
    .map(
      (opt) => `<option value="${e(opt)}"${opt === current ? ' selected' : ''}>${e(describeLanguages(opt))}</option>`,
    )
    .join('');
  const subOptions = [
    `<option value=""${model.subscription ? '' : ' selected'}>latest stories (no subscription)</option>`,
    ...model.status.subscriptions.map(
      (s) =>
        `<option value="${e(s.id)}"${model.subscription?.id === s.id ? ' selected' : ''}>${e(`${s.platform} ${s.channelId} · ${s.languages.join(',')} · ${s.cron} ${s.timezone}`)}</option>`,
    ),
  ].join('');
  const limits = [...new Set([3, 5, 10, 20, 50, model.limit])].sort((a, b) => a - b);
  return `<form class="controls" id="preview-form" method="get" action="/">
<label>Languages <select name="langs" id="langs">${langOptions}</select></label>
<label>Subscription <select name="subscription" id="subscription">${subOptions}</select></label>
<label>Stories <select name="limit" id="limit">${limits.map((n) => `<option value="${n}"${n === model.limit ? ' selected' : ''}>${n}</option>`).join('')}</select></label>
${model.formToken ? `<input type="hidden" name="token" value="${e(model.formToken)}">` : ''}<button type="submit">Show</button>
</form>`;
}

function renderHealth(status: StatusReport): string {
  const e = escapeHtml;
  const subs = status.subscriptions.length
    ? `<table class="grid"><thead><tr><th>Platform</th><th>Channel</th><th>Schedule</th><th>Languages</th><th>Filter</th><th>Next run</th><th>Last slot</th></tr></thead><tbody>${status.subscriptions
        .map(
          (s) =>
            `<tr><td>${e(s.platform)}</td><td>${e(s.channelId)}</td><td><code>${e(s.cron)}</code> ${e(s.timezone)}</td><td>${e(s.languages.join(' + '))}</td><td>${e(s.filter.join(', ') || '-')}</td><td>${e(s.nextRunAt ? utc(s.nextRunAt) : 'unknown')}</td><td>${e(s.lastSlotAt ? utc(s.lastSlotAt) : '-')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No subscriptions yet.</p>';
  const deliveries = status.deliveries.recent.length
    ? `<table class="grid"><thead><tr><th>When</th><th>Platform</th><th>Channel</th><th>Kind</th><th>Status</th><th>Stories</th><th>Attempts</th><th>Error</th></tr></thead><tbody>${status.deliveries.recent
        .map(
          (d) =>
            `<tr class="${d.status === 'failed' ? 'bad' : ''}"><td>${e(utc(d.at))}</td><td>${e(d.platform)}</td><td>${e(d.channelId)}</td><td>${e(d.kind)}</td><td>${e(d.status)}</td><td>${d.stories}</td><td>${d.attempts}</td><td class="error-text">${e(d.error ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No deliveries yet.</p>';
  const { posted, failed, pending } = status.deliveries.last24h;
  return `<section class="health" id="health" aria-labelledby="health-title">
<h2 id="health-title">Health</h2>
<p class="summary">Last ingest: ${e(status.lastIngestAt ? utc(status.lastIngestAt) : 'never')} · sources ${status.sources.ok} ok, ${status.sources.failing} failing, ${status.sources.neverFetched} not fetched · deliveries in the last 24 h: ${posted} posted, ${failed} failed, ${pending} pending · LLM in the last 24 h: ${status.llm.calls} calls, ${status.llm.tokens.toLocaleString('en-US')} tokens${status.llm.budget ? ` · ${e(describeBudget(status.llm.budget))}` : ''}</p>
<h3>Sources</h3>
<table class="grid" id="source-health"><thead><tr><th>Source</th><th>Status</th><th>Last fetch</th><th>Last success</th><th>Items (new / duplicate / updated)</th><th>Failures in a row</th><th>Error</th></tr></thead><tbody>
${status.sources.list.map(sourceRow).join('\n')}
</tbody></table>
<h3>Subscriptions</h3>
${subs}
<h3>Recent deliveries</h3>
${deliveries}
</section>`;
}

function sourceRow(s: SourceHealth): string {
  const e = escapeHtml;
  const label =
    s.health === 'never'
      ? 'not fetched yet'
      : s.health === 'failing'
        ? 'failing'
        : s.lastStatus === 'not_modified'
          ? 'ok (not modified)'
          : 'ok';
  return `<tr class="${s.health === 'failing' ? 'bad' : ''}"><td dir="auto">${e(s.name)} <small>(${e(s.id)})</small></td><td><span class="badge badge-${s.health}">${e(label)}</span></td><td>${e(s.lastFetchAt ? utc(s.lastFetchAt) : '-')}</td><td>${e(s.lastSuccessAt ? utc(s.lastSuccessAt) : '-')}</td><td>${s.itemsNew} / ${s.itemsDuplicate} / ${s.itemsUpdated}</td><td>${s.consecutiveFailures}</td><td class="error-text">${e(s.error ?? '')}</td></tr>`;
}

function describeLanguages(list: string): string {
  return `${list.split(',').join(' + ')} (${list
    .split(',')
    .map((code) => nativeName(code))
    .join(' + ')})`;
}

function nativeName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function utc(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}
