// Loads Prisma's schema engine as WebAssembly. The Prisma CLI would download a
// native engine binary, which machines without general internet access cannot
// do; @prisma/schema-engine-wasm ships the same engine and talks to SQLite
// through the better-sqlite3 driver adapter.
//
// The package imports its .wasm file as an ES module, which Node 20 only
// allows behind --experimental-wasm-modules. Compiling the file ourselves and
// wiring it to the package's JS glue works with and without that flag
// (inside vitest too).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

type SchemaEngine = import("@prisma/schema-engine-wasm").SchemaEngine;
type SchemaEngineClass = typeof import("@prisma/schema-engine-wasm").SchemaEngine;

let initialized: Promise<void> | undefined;

function initializeWasm(): Promise<void> {
  initialized ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package exports only its JS entry points; the .wasm file sits beside them.
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = path.join(path.dirname(gluePath), "schema_engine_bg.wasm");
    const module = await WebAssembly.compile(await readFile(wasmPath));
    const instance = await WebAssembly.instantiate(module, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
    (glue as unknown as { __wbg_set_wasm: (value: unknown) => void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return initialized;
}

/**
 * Replaying migration history into the shadow database (for `diff`), the
 * engine sends each migration file as one raw statement without parameters.
 * better-sqlite3's prepare() accepts a single statement only, so such calls
 * run as a script instead.
 */
function runScriptsWhole(connection: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = connection.executeRaw.bind(connection);
  connection.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await connection.executeScript(query.sql);
    return 0;
  };
  return connection;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes every SQLite connection it opened. */
  close(): Promise<void>;
}

/** Opens a schema engine bound to the SQLite database at `url` (file:...). */
export async function openSchemaEngine(url: string, schema: { path: string; content: string }): Promise<OpenSchemaEngine> {
  await initializeWasm();
  const Engine = (glue as unknown as { SchemaEngine: SchemaEngineClass }).SchemaEngine;

  // The engine does not close its connections when freed. An open connection
  // would keep the database from switching to WAL mode, so track and close them.
  const factory = new PrismaBetterSqlite3({ url });
  const connections: SqlDriverAdapter[] = [];
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => remember(await factory.connect()),
    connectToShadowDb: async () => remember(runScriptsWhole(await factory.connectToShadowDb())),
  };
  function remember(connection: SqlDriverAdapter): SqlDriverAdapter {
    connections.push(connection);
    return connection;
  }

  const ignoreLog = () => {};
  const engine = await Engine.new(
    { datamodels: [[schema.path, schema.content]] },
    ignoreLog,
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(connections.map((connection) => connection.dispose()));
    },
  };
}
