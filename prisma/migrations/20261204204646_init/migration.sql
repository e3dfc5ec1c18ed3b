-- CreateTable
CREATE TABLE "Incident" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "tlp" TEXT NOT NULL DEFAULT 'AMBER',
    "openedByOrg" TEXT NOT NULL,
    "openedByUser" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "stateChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "targets" TEXT NOT NULL,
    "attacker" TEXT,
    "profile" TEXT,
    "source" TEXT,
    "link" TEXT,
    "expectedStart" DATETIME,
    "expectedEnd" DATETIME,
    "credibility" TEXT,
    "text" TEXT,
    "tlp" TEXT NOT NULL,
    "org" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Notice_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Detection" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "observed" BOOLEAN NOT NULL,
    "targets" TEXT NOT NULL,
    "vectors" TEXT NOT NULL,
    "startedAt" DATETIME,
    "peakBps" REAL,
    "peakPps" REAL,
    "peakRps" REAL,
    "status" TEXT NOT NULL,
    "text" TEXT,
    "tlp" TEXT NOT NULL,
    "org" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Detection_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Mitigation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "prefix" TEXT,
    "ports" TEXT,
    "protocol" TEXT,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "effect" TEXT,
    "text" TEXT,
    "tlp" TEXT NOT NULL,
    "org" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Mitigation_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CoordinationRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "fromOrg" TEXT NOT NULL,
    "fromUser" TEXT NOT NULL,
    "toOrg" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL,
    "tlp" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    "declinedAt" DATETIME,
    "declinedBy" TEXT,
    "answerText" TEXT,
    CONSTRAINT "CoordinationRequest_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Retrospective" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "attacker" TEXT,
    "methods" TEXT,
    "response" TEXT,
    "damage" BOOLEAN,
    "damageDetail" TEXT,
    "lessons" TEXT,
    "publishable" BOOLEAN NOT NULL DEFAULT false,
    "notes" TEXT,
    "tlp" TEXT NOT NULL,
    "openedByOrg" TEXT NOT NULL,
    "openedByUser" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Retrospective_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TimelineEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "org" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "tlp" TEXT NOT NULL,
    CONSTRAINT "TimelineEntry_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InboundReceipt" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OutboxPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "destination" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "incidentId" INTEGER,
    "entryId" INTEGER,
    "payload" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "remoteId" TEXT
);

-- CreateTable
CREATE TABLE "DeliveryCursor" (
    "destination" TEXT NOT NULL PRIMARY KEY,
    "lastEntryId" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "IncidentThread" (
    "destination" TEXT NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "rootRemoteId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("destination", "incidentId")
);

-- CreateIndex
CREATE INDEX "Incident_state_idx" ON "Incident"("state");

-- CreateIndex
CREATE INDEX "Notice_incidentId_idx" ON "Notice"("incidentId");

-- CreateIndex
CREATE INDEX "Detection_incidentId_org_idx" ON "Detection"("incidentId", "org");

-- CreateIndex
CREATE INDEX "Mitigation_incidentId_idx" ON "Mitigation"("incidentId");

-- CreateIndex
CREATE INDEX "CoordinationRequest_incidentId_idx" ON "CoordinationRequest"("incidentId");

-- CreateIndex
CREATE INDEX "CoordinationRequest_toOrg_state_idx" ON "CoordinationRequest"("toOrg", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Retrospective_incidentId_key" ON "Retrospective"("incidentId");

-- CreateIndex
CREATE INDEX "TimelineEntry_incidentId_id_idx" ON "TimelineEntry"("incidentId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxPost_key_key" ON "OutboxPost"("key");

-- CreateIndex
CREATE INDEX "OutboxPost_destination_state_id_idx" ON "OutboxPost"("destination", "state", "id");
