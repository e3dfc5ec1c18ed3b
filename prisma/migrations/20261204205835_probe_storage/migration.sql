-- CreateTable
CREATE TABLE "Sector" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameEn" TEXT
);

-- CreateTable
CREATE TABLE "Operator" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "sectorId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Operator_sectorId_fkey" FOREIGN KEY ("sectorId") REFERENCES "Sector" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProbeTarget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "operatorId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "expectedStatus" TEXT,
    "keyword" TEXT,
    "notes" TEXT,
    "group" TEXT NOT NULL DEFAULT 'default',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "removedAt" DATETIME,
    CONSTRAINT "ProbeTarget_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TargetHealth" (
    "targetId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "state" TEXT NOT NULL,
    "snapshot" TEXT NOT NULL,
    "lastProbeMs" BIGINT NOT NULL,
    "lastOutcome" TEXT NOT NULL,
    "lastTotalMs" INTEGER NOT NULL,
    "lastAddress" TEXT,
    CONSTRAINT "TargetHealth_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "ProbeTarget" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HealthTransition" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    CONSTRAINT "HealthTransition_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "ProbeTarget" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProbeAddress" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "address" TEXT NOT NULL
);

-- CreateTable
-- WITHOUT ROWID (added by hand; Prisma has no schema attribute for it) stores
-- each row once in its primary-key b-tree, clustered by time, instead of a
-- rowid table plus a separate unique index on the same columns.
CREATE TABLE "ProbeResult" (
    "startedAtMs" BIGINT NOT NULL,
    "targetId" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "timeoutPhase" TEXT,
    "errorCode" TEXT,
    "statusCode" INTEGER,
    "dnsMs" INTEGER,
    "connectMs" INTEGER,
    "tlsMs" INTEGER,
    "firstByteMs" INTEGER,
    "totalMs" INTEGER NOT NULL,
    "bytesRead" INTEGER NOT NULL,
    "addressId" INTEGER,
    "finalUrl" TEXT,
    "certExpiresAtSec" BIGINT,

    PRIMARY KEY ("startedAtMs", "targetId")
) WITHOUT ROWID;

-- CreateTable
CREATE TABLE "ProbeRollup" (
    "resolutionSec" INTEGER NOT NULL,
    "bucketStartMs" BIGINT NOT NULL,
    "targetId" INTEGER NOT NULL,
    "probeCount" INTEGER NOT NULL,
    "okCount" INTEGER NOT NULL,
    "slowCount" INTEGER NOT NULL,
    "failures" TEXT,
    "sumMs" INTEGER NOT NULL,
    "minMs" INTEGER,
    "maxMs" INTEGER,
    "medianMs" INTEGER,

    PRIMARY KEY ("resolutionSec", "bucketStartMs", "targetId")
) WITHOUT ROWID;

-- CreateTable
CREATE TABLE "ProbeRollupMark" (
    "resolutionSec" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "doneUntilMs" BIGINT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Sector_name_key" ON "Sector"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Operator_name_key" ON "Operator"("name");

-- CreateIndex
CREATE INDEX "Operator_sectorId_idx" ON "Operator"("sectorId");

-- CreateIndex
CREATE UNIQUE INDEX "ProbeTarget_url_key" ON "ProbeTarget"("url");

-- CreateIndex
CREATE INDEX "ProbeTarget_operatorId_idx" ON "ProbeTarget"("operatorId");

-- CreateIndex
CREATE INDEX "HealthTransition_targetId_at_idx" ON "HealthTransition"("targetId", "at");

-- CreateIndex
CREATE INDEX "HealthTransition_at_idx" ON "HealthTransition"("at");

-- CreateIndex
CREATE UNIQUE INDEX "ProbeAddress_address_key" ON "ProbeAddress"("address");
