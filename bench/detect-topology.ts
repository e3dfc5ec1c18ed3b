// The observed operators of the detection benchmark: 60 operators in 6
// sectors, each URL on its own 127.x.y.z loopback address and port, so every
// target is its own origin and prefix grouping finds realistic networks.
//
// Independent operators each get their own /24 (127.20.<n>.0/24). Six
// operators, one per sector, share one hosting /24 (127.30.1.0/24). The
// canaries sit on three more /24s (127.40.<n>.0/24).

/** Sector names as stored (the Japanese names of src/probe/sectors.ts) with the English label used in logs. */
export const BENCH_SECTORS = [
  { name: "金融", label: "Finance" },
  { name: "電力", label: "Power" },
  { name: "鉄道", label: "Railways" },
  { name: "情報通信", label: "Telecom" },
  { name: "医療", label: "Medical" },
  { name: "物流", label: "Logistics" },
] as const;

export const OPERATORS_PER_SECTOR = 10;
export const SHARED_HOSTING_PREFIX = "127.30.1.0/24";

export interface BenchOperator {
  name: string;
  sector: string;
  sectorLabel: string;
  /** True for the operators hosted on SHARED_HOSTING_PREFIX. */
  sharedHosting: boolean;
  /** Listening addresses of its URLs, one or two. */
  addresses: string[];
}

export interface BenchTarget {
  /** Position in the server's listener list. */
  index: number;
  operator: string;
  sector: string;
  address: string;
}

export interface Topology {
  operators: BenchOperator[];
  targets: BenchTarget[];
  /** Listener indexes of the canaries, after the targets. */
  canaryIndexes: number[];
  canaryAddresses: string[];
  /** Every listening address, targets first, then canaries. */
  addresses: string[];
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** Builds the fixed operator list. The last operator of each sector is on the shared hosting /24. */
export function buildTopology(): Topology {
  const operators: BenchOperator[] = [];
  let independent = 0;
  let shared = 0;
  for (const sector of BENCH_SECTORS) {
    for (let number = 1; number <= OPERATORS_PER_SECTOR; number += 1) {
      const name = `${sector.label} ${pad(number)}`;
      if (number === OPERATORS_PER_SECTOR) {
        shared += 1;
        operators.push({ name, sector: sector.name, sectorLabel: sector.label, sharedHosting: true, addresses: [`127.30.1.${10 + shared}`] });
        continue;
      }
      independent += 1;
      // Every third independent operator has a second URL on its own /24.
      const addresses = independent % 3 === 0 ? [`127.20.${independent}.1`, `127.20.${independent}.2`] : [`127.20.${independent}.1`];
      operators.push({ name, sector: sector.name, sectorLabel: sector.label, sharedHosting: false, addresses });
    }
  }

  const targets: BenchTarget[] = [];
  for (const operator of operators) {
    for (const address of operator.addresses) {
      targets.push({ index: targets.length, operator: operator.name, sector: operator.sector, address });
    }
  }
  const canaryAddresses = ["127.40.1.1", "127.40.2.1", "127.40.3.1"];
  const canaryIndexes = canaryAddresses.map((_, offset) => targets.length + offset);
  return {
    operators,
    targets,
    canaryIndexes,
    canaryAddresses,
    addresses: [...targets.map((target) => target.address), ...canaryAddresses],
  };
}

/** Returns the operator with this name, or throws when the topology has none. */
export function operatorNamed(topology: Topology, name: string): BenchOperator {
  const operator = topology.operators.find((candidate) => candidate.name === name);
  if (operator === undefined) throw new Error(`benchmark operator "${name}" not found in the topology`);
  return operator;
}
