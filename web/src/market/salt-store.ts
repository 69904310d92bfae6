/** What a solver must keep between commit and reveal. Losing it loses the reveal. */
export interface CommitSecret {
  chainId: number;
  market: string;
  taskId: string;
  solver: string;
  resultCid: string;
  salt: string;
  /** Known once the commit's receipt is read. */
  submissionId: string | null;
  /** The commit transaction, once the wallet sent it: its receipt names the submission id. */
  txHash: string | null;
  /** The commitment core computed and sent, once the commit is confirmed. */
  commitment: string | null;
  savedAt: string;
}

const key = (chainId: number, market: string, taskId: bigint, solver: string) =>
  `tem:commit:${chainId}:${market.toLowerCase()}:${taskId}:${solver.toLowerCase()}`;

/** Keeps the secret in localStorage (per chain, market, task and solver). */
export function saveSecret(secret: CommitSecret): void {
  localStorage.setItem(
    key(secret.chainId, secret.market, BigInt(secret.taskId), secret.solver),
    JSON.stringify(secret),
  );
}

/** The saved secret, or null; malformed entries are ignored. */
export function loadSecret(
  chainId: number,
  market: string,
  taskId: bigint,
  solver: string,
): CommitSecret | null {
  const raw = localStorage.getItem(key(chainId, market, taskId, solver));
  if (!raw) return null;
  try {
    return parseSecret(JSON.parse(raw));
  } catch {
    return null;
  }
}

/** Validates a secret read from storage or from a file the user picked. */
export function parseSecret(value: unknown): CommitSecret {
  const v = value as Partial<Record<keyof CommitSecret, unknown>>;
  const str = (x: unknown, field: string, pattern: RegExp) => {
    if (typeof x !== 'string' || !pattern.test(x)) throw new Error(`commit secret: bad ${field}`);
    return x;
  };
  return {
    chainId: Number(v.chainId),
    market: str(v.market, 'market', /^0x[0-9a-fA-F]{40}$/),
    taskId: str(v.taskId, 'taskId', /^\d{1,78}$/),
    solver: str(v.solver, 'solver', /^0x[0-9a-fA-F]{40}$/),
    resultCid: str(v.resultCid, 'resultCid', /^[a-zA-Z0-9]{10,200}$/),
    salt: str(v.salt, 'salt', /^0x[0-9a-fA-F]{64}$/),
    submissionId: v.submissionId == null ? null : str(v.submissionId, 'submissionId', /^\d{1,78}$/),
    txHash: v.txHash == null ? null : str(v.txHash, 'txHash', /^0x[0-9a-fA-F]{64}$/),
    commitment:
      v.commitment == null ? null : str(v.commitment, 'commitment', /^0x[0-9a-fA-F]{64}$/),
    savedAt: typeof v.savedAt === 'string' ? v.savedAt.slice(0, 40) : '',
  };
}

/** A data URL for downloading the secret as JSON. */
export function secretDownloadUrl(secret: CommitSecret): string {
  return URL.createObjectURL(
    new Blob([JSON.stringify(secret, null, 2)], { type: 'application/json' }),
  );
}
