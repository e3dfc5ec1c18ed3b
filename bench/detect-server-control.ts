// Parent side of the detection benchmark's target server (detect-server.ts):
// forks it, sets each round's behaviours and stops it.

import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

import type { Behaviour } from "./detect-behaviour.ts";

export interface DetectServer {
  pid: number;
  /** Port of each listening address, in the order given to startDetectServer. */
  ports: number[];
  /** Sets the behaviour of the listed listeners and "ok" for all others; resolves once the server applied it. */
  set(behaviours: ReadonlyMap<number, Behaviour>): Promise<void>;
  stop(): Promise<void>;
}

export async function startDetectServer(addresses: readonly string[]): Promise<DetectServer> {
  const child = fork(fileURLToPath(new URL("./detect-server.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type && message.type !== "error") return;
        child.off("message", onMessage);
        if (message.type === "error") reject(new Error(`detection benchmark server failed: ${String(message.message)}`));
        else resolve(message);
      };
      child.on("message", onMessage);
    });

  const ready = next("ready");
  child.send({ type: "start", addresses });
  const { ports } = (await ready) as { ports: number[] };
  return {
    pid: child.pid!,
    ports,
    async set(behaviours) {
      const done = next("set-done");
      child.send({ type: "set", behaviours: [...behaviours] });
      await done;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "stop" });
      await exited;
    },
  };
}
