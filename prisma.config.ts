// Prisma CLI configuration. The database URL follows Prisma's DATABASE_URL
// convention; the default keeps the SQLite file under ./data/.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/dos-bot.db" },
});
