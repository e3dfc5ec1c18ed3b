// V8 flags that the bot sets for itself before any WebAssembly module is
// compiled. main.ts imports this module first, so the flags hold for every
// way of starting the bot (npm start, systemd, Docker).
//
// --liftoff-only keeps WebAssembly code on V8's baseline compiler (Liftoff).
// Prisma's query compiler is a large WebAssembly module. Optimizing its hot
// functions with TurboFan grew the bot's RSS by about 50 MiB within seconds
// of the first query, and the process kept that memory. Measured with Node
// 20.20 (V8 11.3) as process RSS after opening the database and 2 s idle,
// with and without the flag. The probes' CPU time did not change measurably.
// NOTE: V8's help text describes --liftoff-only as "for testing". Queries
// run through Prisma spend longer in its baseline-compiled query compiler.
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--liftoff-only");
