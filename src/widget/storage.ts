/** localStorage / sessionStorage that never throw: storage can be disabled, full, or blocked in a sandboxed frame. */
function wrap(pick: () => Storage) {
  return {
    get(key: string): string | null {
      try {
        return pick().getItem(key);
      } catch {
        return null;
      }
    },
    set(key: string, value: string): void {
      try {
        pick().setItem(key, value);
      } catch {
        // the widget still works for this page view
      }
    },
    remove(key: string): void {
      try {
        pick().removeItem(key);
      } catch {
        // nothing to do
      }
    },
  };
}

export const storage = { ...wrap(() => window.localStorage), session: wrap(() => window.sessionStorage) };
