-- AlterTable
ALTER TABLE "OutboxPost" ADD COLUMN "alertId" INTEGER;

-- CreateTable
CREATE TABLE "AlertThread" (
    "destination" TEXT NOT NULL,
    "alertId" INTEGER NOT NULL,
    "rootRemoteId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("destination", "alertId")
);

-- CreateTable
CREATE TABLE "ProbeAlert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "rule" TEXT,
    "rules" TEXT NOT NULL,
    "members" TEXT NOT NULL,
    "tlp" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "lastDegradedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "incidentId" INTEGER
);

-- CreateTable
CREATE TABLE "ProbeSilence" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scope" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "reason" TEXT,
    "org" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ProbeAlert_kind_state_idx" ON "ProbeAlert"("kind", "state");

-- CreateIndex
CREATE INDEX "ProbeAlert_openedAt_idx" ON "ProbeAlert"("openedAt");

-- CreateIndex
CREATE INDEX "ProbeSilence_endsAt_idx" ON "ProbeSilence"("endsAt");
