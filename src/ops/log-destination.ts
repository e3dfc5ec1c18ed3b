// Log destination: JSON on stderr, or pino-pretty's readable lines when
// stderr is a terminal. LOG_FORMAT=json or LOG_FORMAT=pretty overrides the
// choice. The scrubber in src/log.ts runs on each JSON line before it reaches
// this destination, so pretty output is scrubbed too.
import pino from "pino";
import pretty from "pino-pretty";

export type LogFormat = "json" | "pretty";

/** Returns the format that LOG_FORMAT names, else pretty on a terminal and JSON otherwise. */
export function chooseLogFormat(env: NodeJS.ProcessEnv, isTerminal: boolean): LogFormat {
  if (env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty") return env.LOG_FORMAT;
  return isTerminal ? "pretty" : "json";
}

/** Builds the destination for createLogger: `stream` (stderr by default) as JSON, or through pino-pretty. */
export function createLogDestination(env: NodeJS.ProcessEnv = process.env, stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): pino.DestinationStream {
  const isTerminal = stream.isTTY === true;
  if (chooseLogFormat(env, isTerminal) === "json") return stream === process.stderr ? pino.destination(2) : stream;
  // NOTE: pino-pretty formats in a stream pipeline, so lines logged right
  // before process.exit() can be lost, while JSON output is written synchronously.
  return pretty({
    destination: stream,
    colorize: isTerminal,
    translateTime: "SYS:yyyy-mm-dd HH:MM:ss.l",
    ignore: "pid,hostname,service",
  });
}
