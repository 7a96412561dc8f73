/** At most this many characters of the user's input are quoted in a message or a label. */
export const EXCERPT_LENGTH = 40;

/** `text` as a message quotes it: the whole of a short text, else its start and `...`. */
export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  return text.length > length ? `${text.slice(0, length - 3)}...` : text;
}

/** A message longer than this quotes too much of the input: its middle is left out. */
export const MAX_MESSAGE_LENGTH = 400;

/**
 * The message with its middle left out when it is longer than MAX_MESSAGE_LENGTH: a last guard
 * for messages that quote a whole value, regex or search, so that a 50 MB literal never becomes
 * 50 MB of output. The start and the end (usually the explanation) are kept.
 */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const head = message.slice(0, 240);
  const tail = message.slice(-120);
  return `${head} ... (${message.length - head.length - tail.length} characters left out) ... ${tail}`;
}
