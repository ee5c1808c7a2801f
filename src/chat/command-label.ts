import { parseCommand } from './parse-command.js';

/** The command name as a metric label: one of the grammar's names, or `invalid` (user text never becomes a label). */
export function commandLabel(text: string): string {
  try {
    return parseCommand(text).name;
  } catch {
    return 'invalid';
  }
}
