/** Right-to-left mark: starts Arabic/Persian blocks so Slack lays them out right to left. */
export const RLM = '\u200F';
