// Temporary: replaced by the ABI from @tem/core/market when it lands.
const taskView =
  'tuple(uint256 id, address owner, address verifier, uint8 state, uint256 bounty, uint64 commitDeadline, uint64 revealDeadline, uint64 scoringDeadline, uint64 minScore, uint64 bestScore, uint32 bestSubmissionId, uint32 submissionCount, uint32 revealCount, uint32 scoredCount, bytes32 testSeed, bytes specCid)';
const submissionView =
  'tuple(uint256 taskId, uint256 id, address solver, bytes32 commitment, bool revealed, bool scored, uint64 score, bytes resultCid)';

export const TASK_MARKET_ABI = [
  `function taskCount() view returns (uint256)`,
  `function creditOf(address) view returns (uint256)`,
  `function getTask(uint256) view returns (${taskView})`,
  `function getTasks(uint256 offset, uint256 limit) view returns (${taskView}[])`,
  `function getSubmission(uint256, uint256) view returns (${submissionView})`,
  `function getSubmissions(uint256 taskId, uint256 offset, uint256 limit) view returns (${submissionView}[])`,
  `function computeCommitment(uint256 taskId, address solver, bytes resultCid, bytes32 salt) view returns (bytes32)`,
  `function createTask(bytes specCid, uint64 commitDeadline, uint64 revealDeadline, uint64 scoringDeadline, address verifier, uint64 minScore) payable returns (uint256)`,
  `function commit(uint256 taskId, bytes32 commitment) returns (uint256)`,
  `function reveal(uint256 taskId, uint256 submissionId, bytes resultCid, bytes32 salt)`,
  `function finalize(uint256 taskId)`,
  `function withdraw()`,
  `event SolutionCommitted(uint256 indexed taskId, uint256 indexed submissionId, address indexed solver, bytes32 commitment)`,
  `event TaskCreated(uint256 indexed taskId, address indexed owner, address indexed verifier, uint256 bounty, uint64 commitDeadline, uint64 revealDeadline, uint64 scoringDeadline, uint64 minScore, bytes specCid)`,
  'error TaskNotFound(uint256 taskId)',
  'error SubmissionNotFound(uint256 taskId, uint256 submissionId)',
  'error ZeroValue()',
  'error InvalidDeadlines(uint256 timestamp, uint64 commitDeadline, uint64 revealDeadline, uint64 scoringDeadline)',
  'error ZeroVerifier()',
  'error InvalidCidLength(uint256 length, uint256 max)',
  'error TaskNotOpen(uint256 taskId, uint8 state)',
  'error FundingClosed(uint256 taskId, uint64 commitDeadline)',
  'error CommitWindowClosed(uint256 taskId, uint64 commitDeadline)',
  'error NotTaskOwner(uint256 taskId, address caller, address owner)',
  'error TaskHasCommits(uint256 taskId, uint32 submissionCount)',
  'error RevealWindowNotOpen(uint256 taskId, uint64 commitDeadline)',
  'error RevealWindowClosed(uint256 taskId, uint64 revealDeadline)',
  'error AlreadyRevealed(uint256 taskId, uint256 submissionId)',
  'error CommitmentMismatch(uint256 taskId, uint256 submissionId, bytes32 committed, bytes32 computed)',
  'error NotRevealed(uint256 taskId, uint256 submissionId)',
  'error ScoringClosed(uint256 taskId, uint64 scoringDeadline)',
  'error ScoreAlreadyRecorded(uint256 taskId, uint256 submissionId, uint64 score)',
  'error InvalidScoreSignature(uint256 taskId, uint256 submissionId, address signer, address verifier)',
  'error ScoringNotOver(uint256 taskId, uint64 scoringDeadline)',
  'error NothingToWithdraw(address account)',
  'error WithdrawFailed(address account, uint256 amount)',
] as const;
