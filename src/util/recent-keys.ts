/**
 * A bounded set of recently seen keys (insertion order, oldest dropped first): cheap in-process dedupe of
 * events a platform delivers twice (a Slack app_mention that is also a thread message, a retried event).
 */
export function createRecentKeys(capacity = 10_000): { firstSeen(key: string): boolean; forget(key: string): void } {
  const keys = new Set<string>();
  return {
    firstSeen(key) {
      if (keys.has(key)) return false;
      keys.add(key);
      if (keys.size > capacity) {
        const oldest = keys.values().next().value;
        if (oldest !== undefined) keys.delete(oldest);
      }
      return true;
    },
    forget(key) {
      keys.delete(key);
    },
  };
}
