/** Near-miss suggestions for mistyped config values and keys. */

function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s_-]/g, "");
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * The choice the user most likely meant: equal ignoring case, spaces, hyphens and underscores, else
 * within a third of the word's length in edits. Undefined when nothing is close.
 */
export function nearest(value: string, choices: readonly string[]): string | undefined {
  const wanted = normalise(value);
  const exact = choices.find((choice) => normalise(choice) === wanted);
  if (exact !== undefined) return exact;
  let best: { choice: string; cost: number } | undefined;
  for (const choice of choices) {
    const cost = distance(wanted, normalise(choice));
    if (cost <= Math.max(1, Math.floor(choice.length / 3)) && (best === undefined || cost < best.cost)) {
      best = { choice, cost };
    }
  }
  return best?.choice;
}
