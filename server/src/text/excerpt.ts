/**
 * A short excerpt of user input for a message: at most `max` characters, cut with "...", so that a
 * huge value (a megabyte-long URL or literal) never floods a terminal or a log.
 */
export function excerpt(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
