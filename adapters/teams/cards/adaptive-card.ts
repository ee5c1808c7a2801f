/** Minimal Adaptive Card 1.5 building blocks (plain JSON: no renderer needed on the server). */
export type CardElement = { type: string } & Record<string, unknown>;

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The message activity a card is sent in (the connector adds from/recipient/conversation). */
export interface CardActivity {
  type: 'message';
  /** Notification/preview text shown by Teams for a card. */
  summary: string;
  attachments: Array<{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }>;
  entities?: Array<Record<string, unknown>>;
}

/** One activity to send, with the stories it shows (for thread Q&A mapping). */
export interface RenderedActivity {
  activity: CardActivity;
  storyIds: string[];
}

/** Teams refuses messages over ~28 KB; 26,000 bytes for our part leaves room for the envelope the connector adds. */
export const MAX_ACTIVITY_BYTES = 26_000;

export function adaptiveCard(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

export function cardActivity(
  card: AdaptiveCard,
  summary: string,
  entities?: Array<Record<string, unknown>>,
): CardActivity {
  return {
    type: 'message',
    summary,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
    ...(entities ? { entities } : {}),
  };
}

/** Size as sent: UTF-8 bytes of the JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

export function textBlock(text: string, options: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

export function container(items: CardElement[], options: Record<string, unknown> = {}): CardElement {
  return { type: 'Container', items, ...options };
}

export function openUrl(title: string, url: string): CardElement {
  return { type: 'Action.OpenUrl', title, url };
}

/** Card hosts show at most a handful of buttons in a row. */
export const MAX_ACTIONS = 5;

export function actionSet(actions: CardElement[]): CardElement {
  return { type: 'ActionSet', actions: actions.slice(0, MAX_ACTIONS) };
}

/**
 * Splits sections into the fewest parts whose rendered activity stays within maxBytes, keeping order, and evens
 * them out (100 stories as 10 x 10 rather than 9 x 11 + 1) when the even split fits too.
 */
export function splitIntoParts<T>(
  sections: T[],
  render: (chunk: T[], label: string) => unknown,
  maxBytes = MAX_ACTIVITY_BYTES,
): T[][] {
  // Measure with the widest label a part can get, so that numbering cannot push a part over the limit later.
  const fits = (chunk: T[]) => jsonBytes(render(chunk, 'part 999/999')) <= maxBytes;
  const parts: T[][] = [];
  let current: T[] = [];
  for (const section of sections) {
    const candidate = [...current, section];
    if (current.length > 0 && !fits(candidate)) {
      parts.push(current);
      current = [section];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  if (parts.length < 2) return parts;
  // As even as possible: sizes differ by one at most (100 in 12 parts: 4 x 9 + 8 x 8, never 11 x 9 + 1).
  const base = Math.floor(sections.length / parts.length);
  const extra = sections.length % parts.length;
  const even: T[][] = [];
  for (let i = 0, at = 0; i < parts.length; i++) {
    const size = base + (i < extra ? 1 : 0);
    even.push(sections.slice(at, at + size));
    at += size;
  }
  return even.every(fits) ? even : parts;
}
