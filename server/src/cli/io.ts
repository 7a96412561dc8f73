/** What a CLI command may touch of the process, so tests can run commands in-process. */
export interface CliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}
