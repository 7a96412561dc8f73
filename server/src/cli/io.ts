/** What a CLI command may touch of the process, so tests can run commands in-process. */
export interface CliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: long work may redraw one progress line instead of printing a line per step. */
  interactive?: boolean;
}
