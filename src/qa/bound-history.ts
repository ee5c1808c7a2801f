import { estimateTokens } from './estimate-tokens.js';

export interface ThreadTurn {
  question: string;
  answer: string;
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * The thread's earlier turns as chat messages, oldest first, keeping the most recent turns whose
 * estimated size fits `tokenBudget`: follow-ups refer to the last answers, rarely to the first ones.
 * A turn that does not fit whole is dropped, with every turn before it.
 */
export function boundHistory(turns: readonly ThreadTurn[], tokenBudget: number): HistoryMessage[] {
  const kept: HistoryMessage[][] = [];
  let used = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (!turn) continue;
    const cost = estimateTokens(turn.question) + estimateTokens(turn.answer) + PER_MESSAGE * 2;
    if (used + cost > tokenBudget) break;
    used += cost;
    kept.push([
      { role: 'user', content: turn.question },
      { role: 'assistant', content: turn.answer },
    ]);
  }
  return kept.reverse().flat();
}

// Chat formats spend a few tokens on each message's role and separators.
const PER_MESSAGE = 4;
