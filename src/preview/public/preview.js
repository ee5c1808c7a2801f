// Preview page script (served as a file: the page's Content-Security-Policy allows no inline script).
// Draws each Teams card with Microsoft's Adaptive Cards renderer from the JSON the server embedded as data,
// and re-renders the page when a selector changes. Card text is untrusted: it only ever reaches the page escaped.
(() => {
  // Teams' light theme, close enough to judge layout and length.
  const TEAMS_HOST_CONFIG = {
    fontFamily: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', sans-serif",
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 12, large: 16, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: '#E1DFDD' },
    fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    lineHeights: { small: 16, default: 20, medium: 20, large: 24, extraLarge: 32 },
    containerStyles: {
      default: {
        backgroundColor: '#FFFFFF',
        foregroundColors: {
          default: { default: '#242424', subtle: '#616161' },
          accent: { default: '#5B5FC7', subtle: '#8B8CC7' },
          good: { default: '#237B4B', subtle: '#4CA771' },
          warning: { default: '#8A5600', subtle: '#B88A3D' },
          attention: { default: '#C4314B', subtle: '#D1707F' },
          dark: { default: '#242424', subtle: '#616161' },
          light: { default: '#FFFFFF', subtle: '#F5F5F5' },
        },
      },
      emphasis: {
        backgroundColor: '#F5F5F5',
        foregroundColors: { default: { default: '#242424', subtle: '#616161' } },
      },
    },
    actions: {
      maxActions: 6,
      spacing: 'default',
      buttonSpacing: 8,
      showCard: { actionMode: 'inline', inlineTopMargin: 8 },
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
    },
    adaptiveCard: { allowCustomStyle: false },
  };

  const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

  // The Markdown subset Teams shows in a TextBlock: backslash escapes, **bold**, *italic* / _italic_, line breaks.
  // The text is HTML-escaped first, so the only tags in the output are the ones added here.
  function processMarkdown(text, result) {
    const escapes = [];
    let html = String(text)
      .replace(/[\uE000\uE001]/g, '')
      .replace(/\\([\\`*_~[\]|#<>{}()+\-.!])/g, (_m, c) => `\uE000${escapes.push(c) - 1}\uE001`);
    html = escapeHtml(html)
      .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, '$1<em>$2</em>')
      .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>')
      .replace(/\uE000(\d+)\uE001/g, (_m, i) => escapeHtml(escapes[Number(i)] ?? ''));
    result.outputHtml = html
      .split(/\n{2,}/)
      .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
      .join('');
    result.didProcess = true;
  }

  function renderTeamsCards() {
    const data = document.getElementById('teams-cards');
    if (!data) return;
    const hosts = document.querySelectorAll('[data-teams-card]');
    const AC = window.AdaptiveCards;
    if (!AC) {
      for (const host of hosts)
        host.textContent = 'The Adaptive Cards renderer did not load, so the Teams preview cannot be drawn.';
      document.body.dataset.teamsRendered = 'error';
      return;
    }
    let cards = [];
    try {
      cards = JSON.parse(data.textContent || '[]');
    } catch {
      document.body.dataset.teamsRendered = 'error';
      return;
    }
    AC.AdaptiveCard.onProcessMarkdown = processMarkdown;
    const hostConfig = new AC.HostConfig(TEAMS_HOST_CONFIG);
    cards.forEach((json, i) => {
      const host = hosts[i];
      if (!host) return;
      const card = new AC.AdaptiveCard();
      card.hostConfig = hostConfig;
      card.onExecuteAction = (action) => {
        // Only article links: open them apart from this page.
        const url = typeof action.url === 'string' ? action.url : '';
        if (/^https?:\/\//i.test(url)) window.open(url, '_blank', 'noopener,noreferrer');
      };
      try {
        card.parse(json);
        const element = card.render();
        if (element) host.appendChild(element);
        else host.textContent = 'This card rendered nothing.';
      } catch (error) {
        host.textContent = `This card could not be rendered: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
    document.body.dataset.teamsRendered = String(cards.length);
  }

  function submitOnChange() {
    const form = document.getElementById('preview-form');
    if (!form) return;
    for (const select of form.querySelectorAll('select')) select.addEventListener('change', () => form.submit());
  }

  renderTeamsCards();
  submitOnChange();
})();
