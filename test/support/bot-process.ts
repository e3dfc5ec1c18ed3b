// Starts the real bot (`npm start`) as a child process with its own
// configuration file, database and environment, for end-to-end tests and
// benchmarks that must not share the bot's event loop.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  directory: string;
  databasePath: string;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface BotProcessOptions {
  config: object;
  env: Record<string, string>;
  /** Resolves once stderr contains this log message. */
  readyMessage: string;
  /** Reuses the folder (database and config) of an earlier process, as a restart does. */
  directory?: string;
  timeoutMs?: number;
}

export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const directory = options.directory ?? mkdtempSync(path.join(tmpdir(), "dos-bot-process-"));
  const configPath = path.join(directory, "config.json");
  const databasePath = path.join(directory, "bot.db");
  writeFileSync(configPath, JSON.stringify(options.config));

  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, DOS_BOT_CONFIG: configPath, DATABASE_URL: `file:${databasePath}`, LOG_LEVEL: "info", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!stderr.includes(options.readyMessage)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`bot did not become ready (exit ${child.exitCode}):\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    child,
    directory,
    databasePath,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      rmSync(directory, { recursive: true, force: true });
      return code;
    },
  };
}
