// Checks the config file and environment without starting the bot:
// `npm run config:check -- [--locale ja|en]`. See src/ops/config-check.ts.
import { runConfigCheck } from "../src/ops/config-check.ts";

process.exitCode = runConfigCheck({ argv: process.argv.slice(2), env: process.env, stdout: process.stdout, stderr: process.stderr });
