-- AlterTable
ALTER TABLE "OutboxPost" ADD COLUMN "inFlightSince" DATETIME;
