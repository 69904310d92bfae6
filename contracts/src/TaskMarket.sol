// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/**
 * @title TaskMarket: escrowed compute bounties, commit-reveal submissions, a verifier quorum
 * @author Theta Edge Marketplace
 * @notice A task owner escrows a TFuel bounty for a task whose spec lives on IPFS and names n
 * verifiers (1 to 7) and a threshold m (1 to n). Solvers commit to a hidden result (paying the
 * task's commit bond), reveal it once commits are closed (getting the bond back), the verifiers fix
 * a test seed that nobody could know while revealing, m of them sign each score, anyone relays, and
 * after the scoring deadline anyone finalizes: the best solver at or above `minScore` is credited
 * the bounty plus every forfeited bond, otherwise the owner is. Credits are pull payments
 * ({withdraw}, {withdrawTo}).
 *
 * Runs on Theta's EVM: compiled for Istanbul, no BLOCKHASH, COINBASE, DIFFICULTY/PREVRANDAO,
 * BASEFEE, PUSH0, MCOPY, TLOAD/TSTORE (the build checks the bytecode). On Theta `block.timestamp`
 * is the parent block's timestamp, so every deadline takes effect one block later than on anvil.
 *
 * Lifecycle of a task, with `t` the block timestamp and `w` its seed window (0 when n = 1):
 * 1. {createTask} (payable): `t + minWindow <= commitDeadline`, `commitDeadline + minWindow <=
 *    revealDeadline`, `revealDeadline + 2w + minWindow <= scoringDeadline <= t + 365 days`,
 *    `w >= minWindow` when n > 1. {fund} adds to the bounty while `t < commitDeadline`; {cancel}
 *    refunds the owner while nobody has committed.
 * 2. {commit} while `t < commitDeadline`, paying exactly `commitBond`.
 * 3. {reveal} while `commitDeadline <= t < revealDeadline`: the bond goes back to the solver and
 *    `(submissionId, keccak256(resultCid))` is folded into the task's `revealsDigest`.
 * 4. The test seed, once `t >= revealDeadline` (the digest is final):
 *    - n = 1: {fixTestSeed} relays the verifier's EIP-712 signature of
 *      `TestSeed(taskId, revealsDigest)`; the seed is `keccak256(signature)`.
 *    - n > 1: a seed window in two halves. While `t < revealDeadline + w` each verifier's signed
 *      commitment to a secret contribution is relayed ({commitSeed}); then, until
 *      `revealDeadline + 2w`, contributions are revealed ({revealSeed}). Reveals open early when
 *      all n have committed, and the seed is fixed as soon as every committed contribution is
 *      revealed (at least m of them), or by {settleSeed} after the window when at least m were.
 *      seed = keccak256(abi.encode(revealsDigest, XOR over revealed i of keccak256(abi.encode(i,
 *      contribution_i)))).
 *    With no seed (a verifier that never signs, fewer than m contributions) no score can be
 *    recorded and the owner is refunded at finalize.
 * 5. {recordScore} once the seed is fixed and while `t < scoringDeadline`: m signatures of distinct
 *    verifiers of the task over `Score(taskId, submissionId, resultCidHash, score, testSeed)`. The
 *    best score is kept (ties: the earlier commit). Clients relay only scores that beat the best;
 *    any other is accepted, changes nothing and is logged.
 * 6. {finalize} by anyone once `t >= scoringDeadline`.
 *
 * Why the seed cannot be steered (trust model of the seed; see also docs/test-seed.md).
 * - The seed is a function of verifier secrets released only after the reveal window closed, so
 *   no solver can know it while committing or revealing: scoring K results locally and revealing
 *   the best (selective reveal) or timing a reveal (grinding) gains nothing, and an unrevealed
 *   commitment only forfeits its bond. A verifier must sign `TestSeed` only after the reveal
 *   deadline and only for the digest on chain: signing other digests would be a seed oracle.
 * - n = 1: the single verifier could pick among seeds (ECDSA signatures are not unique), but it
 *   decides every score anyway; nobody else can influence the seed.
 * - n > 1: commitments are signed and fixed before any contribution is revealed, and each
 *   contribution enters the seed under its verifier's index, so neither a relayer nor a verifier
 *   can adapt its contribution to the others'. What remains is withholding: a verifier that
 *   committed may decline to reveal after seeing the others, so d dishonest verifiers (d < m)
 *   choose among at most 2^d seeds (each, withheld or not), and only while at least m
 *   contributions are revealed. The withholding is visible on chain (committed, never revealed).
 *   Only a unique threshold signature (threshold BLS) would remove it; see docs/test-seed.md.
 *
 * Trust model of scores. A score counts only with m signatures of distinct verifiers of the task,
 * bound by EIP-712 to this chain and contract, the task, the submission, the revealed result and
 * the seed. Scoring is deterministic, so with fewer than m dishonest verifiers every m-set holds an
 * honest one and only the true score can be recorded; m honest verifiers record it whatever the
 * others sign or withhold. A quorum can rank revealed submissions as it likes (or score them all
 * below `minScore`, refunding the owner) but cannot score an unrevealed one, move deadlines, pay
 * anyone but a revealed solver or the owner, or block finalization. The owner picks verifiers,
 * threshold, bond, `minScore` and deadlines before anyone commits, is never a verifier, and cannot
 * cancel after the first commit.
 *
 * Commitments bind chain id, contract, task, solver, result CID and salt, and the contract stores
 * only a hash of the commitment and its sender: a copied commitment cannot be revealed.
 *
 * Invariants: tracked funds (bounties plus unforfeited bonds of open tasks, plus unwithdrawn
 * credits) are exact, and the balance is at least that (TFuel forced in by SELFDESTRUCT only adds);
 * every task ends paid out or refunded; nothing loops over data that users can grow (verifier
 * loops are bounded by 7).
 */
contract TaskMarket is EIP712, ReentrancyGuard {
    /// @notice Lifecycle state of a task. Phases within `Open` follow from the deadlines.
    enum TaskState {
        Open,
        Finalized,
        Cancelled
    }

    /// @notice State of a submission slot.
    enum SubmissionState {
        None,
        Committed,
        Revealed
    }

    /// @notice The windows whose length {createTask} checks.
    enum Window {
        Commit,
        Reveal,
        Scoring
    }

    /// @notice What {createTask} takes besides the bounty.
    struct TaskParams {
        bytes specCid;
        uint64 commitDeadline;
        uint64 revealDeadline;
        uint64 scoringDeadline;
        uint32 seedWindow;
        uint64 minScore;
        uint96 commitBond;
        uint8 threshold;
        address[] verifiers;
    }

    /**
     * @notice A task as stored: eight slots, ordered so that each function touches few of them.
     * @dev commit reads 0 and 2; reveal 0, 2 and 5; recordScore 0, 1, 3, 4 and 6. The spec CID and
     * the verifier addresses live in {TaskCreated} only; slot 7 is used only when n > 1. Times
     * are uint40 (bounded by createTask) and scores uint32 (bounded by MAX_SCORE).
     */
    struct Task {
        address owner;
        uint40 commitDeadline;
        uint40 revealDeadline;
        TaskState state;
        uint8 threshold;
        uint128 bounty;
        uint40 scoringDeadline;
        uint32 minScore;
        uint40 createdBlock;
        uint8 verifierCount;
        uint96 commitBond;
        uint32 submissionCount;
        uint32 revealCount;
        uint32 seedWindow;
        uint8 seedCommitted;
        uint8 seedRevealed;
        address bestSolver;
        uint32 bestSubmissionId;
        uint32 bestScore;
        bytes32 verifierSetHash;
        bytes32 revealsDigest;
        bytes32 testSeed;
        bytes32 seedAccumulator;
    }

    /// @notice A task as returned by the views, with its id.
    struct TaskView {
        uint256 id;
        address owner;
        TaskState state;
        uint256 bounty;
        uint256 commitBond;
        uint64 commitDeadline;
        uint64 revealDeadline;
        uint32 seedWindow;
        uint64 scoringDeadline;
        uint64 minScore;
        uint8 threshold;
        uint8 verifierCount;
        bytes32 verifierSetHash;
        uint64 createdBlock;
        uint32 submissionCount;
        uint32 revealCount;
        address bestSolver;
        uint32 bestSubmissionId;
        uint64 bestScore;
        bytes32 revealsDigest;
        bytes32 testSeed;
        uint8 seedCommitted;
        uint8 seedRevealed;
    }

    /// @notice EIP-712 type of a verifier's score attestation.
    bytes32 public constant SCORE_TYPEHASH =
        keccak256(
            "Score(uint256 taskId,uint256 submissionId,bytes32 resultCidHash,uint64 score,bytes32 testSeed)"
        );

    /// @notice EIP-712 type a verifier signs to fix (n = 1) or derive (n > 1) the test seed.
    bytes32 public constant TEST_SEED_TYPEHASH = keccak256("TestSeed(uint256 taskId,bytes32 revealsDigest)");

    /// @notice EIP-712 type of a verifier's commitment to its seed contribution (n > 1).
    bytes32 public constant SEED_COMMITMENT_TYPEHASH =
        keccak256("SeedCommitment(uint256 taskId,bytes32 revealsDigest,bytes32 commitment)");

    /// @notice Highest score any score formula may give; `minScore` and recorded scores stay within it.
    uint64 public constant MAX_SCORE = 3_000_000;

    /// @notice Most verifiers a task may name.
    uint256 public constant MAX_VERIFIERS = 7;

    /// @notice Latest scoring deadline, counted from the task's creation.
    uint256 public constant MAX_HORIZON = 365 days;

    /// @notice Longest CID accepted, in bytes (binary CIDv1 with a sha2-256 digest is 36).
    uint256 public constant MAX_CID_BYTES = 128;

    /// @notice Most entries a page view returns; larger limits are clamped.
    uint256 public constant MAX_PAGE_SIZE = 100;

    uint256 private constant _SIGNATURE_BYTES = 65;

    /// @notice Shortest commit, reveal, seed and scoring window, in seconds (set per network).
    uint256 public immutable MIN_WINDOW;

    uint256 private _taskCount;
    mapping(uint256 taskId => Task) private _tasks;
    /// @dev Per submission one slot: `keccak256(commitment, committer) | 1` while committed, then
    /// `keccak256(solver, resultCidHash)` with the low bit cleared once revealed.
    mapping(uint256 taskId => mapping(uint256 submissionId => bytes32 record)) private _submissions;
    mapping(uint256 taskId => mapping(uint256 verifierIndex => bytes32 commitment)) private _seedCommitments;
    mapping(address account => uint256) private _credits;

    /**
     * @notice A task was created with its bounty escrowed.
     * @param taskId The new task.
     * @param owner Who created it (and is refunded).
     * @param bounty Wei escrowed.
     * @param commitDeadline End of the commit window.
     * @param revealDeadline End of the reveal window.
     * @param scoringDeadline End of scoring; finalization opens.
     * @param seedWindow Length of each half of the seed window (0 when one verifier).
     * @param minScore Lowest winning score.
     * @param commitBond Wei each commit pays, returned on reveal.
     * @param threshold Signatures needed (m).
     * @param verifiers The verifier set, ascending (n addresses).
     * @param specCid Binary CID of the task spec (stored nowhere else).
     */
    event TaskCreated(
        uint256 indexed taskId,
        address indexed owner,
        uint256 bounty,
        uint64 commitDeadline,
        uint64 revealDeadline,
        uint64 scoringDeadline,
        uint32 seedWindow,
        uint64 minScore,
        uint96 commitBond,
        uint8 threshold,
        address[] verifiers,
        bytes specCid
    );

    /**
     * @notice Somebody added to a task's bounty.
     * @param taskId The task.
     * @param funder Who sent the funds.
     * @param amount Wei added.
     * @param bounty The bounty afterwards.
     */
    event TaskFunded(uint256 indexed taskId, address indexed funder, uint256 amount, uint256 bounty);

    /**
     * @notice The owner cancelled a task nobody had committed to.
     * @param taskId The task.
     * @param owner The owner, credited the refund.
     * @param refund Wei credited.
     */
    event TaskCancelled(uint256 indexed taskId, address indexed owner, uint256 refund);

    /**
     * @notice A solver committed to a hidden result.
     * @param taskId The task.
     * @param submissionId The submission's id (commit order, from 1).
     * @param solver The committer.
     * @param commitment The commitment as sent.
     */
    event SolutionCommitted(
        uint256 indexed taskId,
        uint256 indexed submissionId,
        address indexed solver,
        bytes32 commitment
    );

    /**
     * @notice A submission was revealed; its bond went back to the solver.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param solver Its solver.
     * @param resultCid Binary CID of the result bundle (stored nowhere else).
     * @param revealsDigest The task's reveals digest after folding this reveal in.
     */
    event SolutionRevealed(
        uint256 indexed taskId,
        uint256 indexed submissionId,
        address indexed solver,
        bytes resultCid,
        bytes32 revealsDigest
    );

    /**
     * @notice A verifier's commitment to its seed contribution was recorded (n > 1).
     * @param taskId The task.
     * @param verifierIndex The verifier's index in the set.
     * @param verifier The verifier.
     * @param commitment keccak256(abi.encode(contribution)).
     */
    event SeedCommitted(uint256 indexed taskId, uint8 verifierIndex, address verifier, bytes32 commitment);

    /**
     * @notice A verifier's seed contribution was revealed (n > 1).
     * @param taskId The task.
     * @param verifierIndex The verifier's index in the set.
     * @param contribution The contribution.
     */
    event SeedRevealed(uint256 indexed taskId, uint8 verifierIndex, bytes32 contribution);

    /**
     * @notice The task's test seed is fixed; scores may be recorded.
     * @param taskId The task.
     * @param testSeed The seed.
     * @param revealsDigest The final reveals digest.
     * @param contributors Bit i set when verifier i's contribution is in the seed.
     */
    event TestSeedFixed(uint256 indexed taskId, bytes32 testSeed, bytes32 revealsDigest, uint8 contributors);

    /**
     * @notice A quorum-signed score was recorded.
     * @param taskId The task.
     * @param submissionId The scored submission.
     * @param solver Its solver.
     * @param score The score.
     * @param best Whether it became the task's best.
     * @param signers Bit i set when verifier i signed.
     */
    event ScoreRecorded(
        uint256 indexed taskId,
        uint256 indexed submissionId,
        address indexed solver,
        uint64 score,
        bool best,
        uint8 signers
    );

    /**
     * @notice A task was finalized.
     * @param taskId The task.
     * @param winningSubmissionId The winner, 0 when the owner was refunded.
     * @param payee Who was credited.
     * @param amount Wei credited: the bounty plus forfeited bonds.
     * @param forfeitedBonds Bonds of commitments never revealed, included in `amount`.
     */
    event TaskFinalized(
        uint256 indexed taskId,
        uint256 indexed winningSubmissionId,
        address indexed payee,
        uint256 amount,
        uint256 forfeitedBonds
    );

    /**
     * @notice An account was credited (payout, refund, or a bond the solver's address refused).
     * @param account The account.
     * @param taskId The task it came from.
     * @param amount Wei credited.
     */
    event Credited(address indexed account, uint256 indexed taskId, uint256 amount);

    /**
     * @notice An account withdrew its credit.
     * @param account Whose credit.
     * @param payee Where it was sent.
     * @param amount Wei sent.
     */
    event Withdrawn(address indexed account, address indexed payee, uint256 amount);

    /**
     * @notice No task has this id.
     * @param taskId The id.
     */
    error TaskNotFound(uint256 taskId);

    /**
     * @notice The task has no submission with this id.
     * @param taskId The task.
     * @param submissionId The id.
     */
    error SubmissionNotFound(uint256 taskId, uint256 submissionId);

    /// @notice A bounty or funding of zero wei.
    error ZeroValue();

    /**
     * @notice A window of a new task is shorter than allowed (or its deadlines are out of order).
     * @param window Which window.
     * @param length Its length in seconds (0 when the deadlines are out of order).
     * @param minimum The shortest allowed.
     */
    error WindowTooShort(Window window, uint256 length, uint256 minimum);

    /**
     * @notice The scoring deadline is more than {MAX_HORIZON} ahead.
     * @param scoringDeadline The deadline given.
     * @param latest The latest allowed.
     */
    error DeadlineTooFar(uint64 scoringDeadline, uint256 latest);

    /**
     * @notice The seed window must be 0 for one verifier and at least the minimum window for more.
     * @param seedWindow The window given.
     * @param verifierCount n.
     * @param minimum The minimum window.
     */
    error InvalidSeedWindow(uint32 seedWindow, uint256 verifierCount, uint256 minimum);

    /**
     * @notice A task names 1 to {MAX_VERIFIERS} verifiers.
     * @param count How many it named.
     */
    error InvalidVerifierCount(uint256 count);

    /**
     * @notice Verifiers must be non-zero and strictly ascending (so no duplicates).
     * @param index The first offending position.
     */
    error InvalidVerifierSet(uint256 index);

    /**
     * @notice The owner may not be a verifier of its own task.
     * @param owner The owner.
     */
    error OwnerIsVerifier(address owner);

    /**
     * @notice The threshold must be 1 to n.
     * @param threshold m.
     * @param verifierCount n.
     */
    error InvalidThreshold(uint8 threshold, uint256 verifierCount);

    /**
     * @notice `minScore` or a score exceeds {MAX_SCORE}.
     * @param score The value.
     * @param max MAX_SCORE.
     */
    error ScoreTooHigh(uint64 score, uint64 max);

    /**
     * @notice A CID is empty or longer than {MAX_CID_BYTES}.
     * @param length Its length.
     * @param max The limit.
     */
    error InvalidCidLength(uint256 length, uint256 max);

    /**
     * @notice The task is finalized or cancelled.
     * @param taskId The task.
     * @param state Its state.
     */
    error TaskNotOpen(uint256 taskId, TaskState state);

    /**
     * @notice Funding closes with the commit window.
     * @param taskId The task.
     * @param commitDeadline When it closed.
     */
    error FundingClosed(uint256 taskId, uint64 commitDeadline);

    /**
     * @notice The commit window is closed.
     * @param taskId The task.
     * @param commitDeadline When it closed.
     */
    error CommitWindowClosed(uint256 taskId, uint64 commitDeadline);

    /**
     * @notice A commit must pay exactly the task's commit bond.
     * @param taskId The task.
     * @param sent Wei sent.
     * @param commitBond Wei required.
     */
    error WrongBond(uint256 taskId, uint256 sent, uint256 commitBond);

    /**
     * @notice Only the task's owner may do this.
     * @param taskId The task.
     * @param caller Who tried.
     * @param owner The owner.
     */
    error NotTaskOwner(uint256 taskId, address caller, address owner);

    /**
     * @notice Somebody committed, so the task can no longer be cancelled.
     * @param taskId The task.
     * @param submissionCount How many committed.
     */
    error TaskHasCommits(uint256 taskId, uint32 submissionCount);

    /**
     * @notice Reveals open when the commit window closes.
     * @param taskId The task.
     * @param commitDeadline When reveals open.
     */
    error RevealWindowNotOpen(uint256 taskId, uint64 commitDeadline);

    /**
     * @notice The reveal window is closed.
     * @param taskId The task.
     * @param revealDeadline When it closed.
     */
    error RevealWindowClosed(uint256 taskId, uint64 revealDeadline);

    /**
     * @notice The submission is already revealed.
     * @param taskId The task.
     * @param submissionId The submission.
     */
    error AlreadyRevealed(uint256 taskId, uint256 submissionId);

    /**
     * @notice The revealed solver, CID and salt do not open the stored commitment.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param computed The commitment of the revealed values.
     */
    error CommitmentMismatch(uint256 taskId, uint256 submissionId, bytes32 computed);

    /**
     * @notice The verifier list does not hash to the task's verifier set.
     * @param taskId The task.
     */
    error VerifierSetMismatch(uint256 taskId);

    /**
     * @notice The seed procedure called does not fit the task's verifier count (fixTestSeed is for
     * n = 1, commitSeed/revealSeed/settleSeed for n > 1).
     * @param taskId The task.
     * @param verifierCount n.
     */
    error WrongSeedProcedure(uint256 taskId, uint256 verifierCount);

    /**
     * @notice The seed can be worked on only after the reveal deadline (the digest is final then).
     * @param taskId The task.
     * @param revealDeadline When it opens.
     */
    error SeedWindowNotOpen(uint256 taskId, uint64 revealDeadline);

    /**
     * @notice The test seed is already fixed.
     * @param taskId The task.
     * @param testSeed The seed.
     */
    error TestSeedAlreadyFixed(uint256 taskId, bytes32 testSeed);

    /**
     * @notice A seed signature is not the expected verifier's.
     * @param taskId The task.
     * @param signer The recovered signer (zero when malformed).
     * @param verifier The verifier expected.
     */
    error InvalidSeedSignature(uint256 taskId, address signer, address verifier);

    /**
     * @notice Seed commitments are closed.
     * @param taskId The task.
     * @param seedCommitDeadline When they closed.
     */
    error SeedCommitClosed(uint256 taskId, uint256 seedCommitDeadline);

    /**
     * @notice The verifier index is not below n.
     * @param taskId The task.
     * @param verifierIndex The index.
     */
    error VerifierIndexOutOfRange(uint256 taskId, uint8 verifierIndex);

    /**
     * @notice This verifier already committed its seed contribution.
     * @param taskId The task.
     * @param verifierIndex The verifier.
     */
    error SeedAlreadyCommitted(uint256 taskId, uint8 verifierIndex);

    /**
     * @notice Contributions are revealed once commitments are closed (deadline, or all n committed).
     * @param taskId The task.
     * @param seedCommitDeadline When they close at the latest.
     */
    error SeedRevealNotOpen(uint256 taskId, uint256 seedCommitDeadline);

    /**
     * @notice The contribution reveal window is closed.
     * @param taskId The task.
     * @param seedRevealDeadline When it closed.
     */
    error SeedRevealClosed(uint256 taskId, uint256 seedRevealDeadline);

    /**
     * @notice This verifier has no seed commitment to open, or opened it already.
     * @param taskId The task.
     * @param verifierIndex The verifier.
     */
    error SeedNotRevealable(uint256 taskId, uint8 verifierIndex);

    /**
     * @notice The contribution does not open the verifier's seed commitment.
     * @param taskId The task.
     * @param verifierIndex The verifier.
     */
    error SeedContributionMismatch(uint256 taskId, uint8 verifierIndex);

    /**
     * @notice {settleSeed} waits for the end of the contribution reveal window.
     * @param taskId The task.
     * @param seedRevealDeadline When it ends.
     */
    error SeedRevealNotOver(uint256 taskId, uint256 seedRevealDeadline);

    /**
     * @notice Fewer than m contributions were revealed: the task has no seed and will refund.
     * @param taskId The task.
     * @param revealed How many were revealed.
     * @param threshold m.
     */
    error SeedQuorumMissed(uint256 taskId, uint256 revealed, uint8 threshold);

    /**
     * @notice Scores need the test seed.
     * @param taskId The task.
     */
    error TestSeedNotFixed(uint256 taskId);

    /**
     * @notice Scoring is closed.
     * @param taskId The task.
     * @param scoringDeadline When it closed.
     */
    error ScoringClosed(uint256 taskId, uint64 scoringDeadline);

    /**
     * @notice The submission is not revealed with this solver and result (or does not exist).
     * @param taskId The task.
     * @param submissionId The submission.
     */
    error NotRevealed(uint256 taskId, uint256 submissionId);

    /**
     * @notice A score needs exactly m signatures (65 bytes each).
     * @param length Bytes given.
     * @param threshold m.
     */
    error WrongSignatureCount(uint256 length, uint8 threshold);

    /**
     * @notice A score signature is not from a verifier of the task after the previous signer (in
     * index order), or is malformed.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param position The signature's position in the list.
     * @param signer The recovered signer (zero when malformed).
     */
    error InvalidScoreSignature(uint256 taskId, uint256 submissionId, uint256 position, address signer);

    /**
     * @notice Finalization opens at the scoring deadline.
     * @param taskId The task.
     * @param scoringDeadline When it opens.
     */
    error ScoringNotOver(uint256 taskId, uint64 scoringDeadline);

    /**
     * @notice The account has no credit.
     * @param account The account.
     */
    error NothingToWithdraw(address account);

    /// @notice Credit cannot be sent to the zero address.
    error ZeroPayee();

    /**
     * @notice Sending the credit failed (the payee reverted); the credit is kept.
     * @param account Whose credit.
     * @param payee Where it was to go.
     * @param amount Wei that could not be sent.
     */
    error WithdrawFailed(address account, address payee, uint256 amount);

    /**
     * @notice The minimum window is 1 second to 1 day.
     * @param minWindow The value given.
     */
    error InvalidMinWindow(uint256 minWindow);

    /**
     * @notice Sets the EIP-712 domain (name "TaskMarket", version "2") and the shortest window.
     * @param minWindow Shortest commit, reveal, seed and scoring window in seconds: several blocks
     * (600 on Theta networks, whose blocks are about 6 s apart; a few seconds on a local chain).
     */
    constructor(uint256 minWindow) EIP712("TaskMarket", "2") {
        if (minWindow == 0 || minWindow > 1 days) revert InvalidMinWindow(minWindow);
        MIN_WINDOW = minWindow;
    }

    /**
     * @notice Creates a task and escrows `msg.value` as its bounty.
     * @param params Spec CID (1 to {MAX_CID_BYTES} bytes), deadlines (unix seconds, see the
     * lifecycle), seed window (0 for one verifier), `minScore` (at most {MAX_SCORE}), commit bond,
     * threshold m (1 to n) and verifiers (1 to 7, non-zero, strictly ascending, not the sender).
     * @return taskId The new task's id (ids start at 1).
     */
    function createTask(TaskParams calldata params) external payable returns (uint256 taskId) {
        if (msg.value == 0) revert ZeroValue();
        _checkCid(params.specCid);
        uint256 verifierCount = params.verifiers.length;
        _checkVerifiers(params.verifiers);
        if (params.threshold == 0 || params.threshold > verifierCount) {
            revert InvalidThreshold(params.threshold, verifierCount);
        }
        if (params.minScore > MAX_SCORE) revert ScoreTooHigh(params.minScore, MAX_SCORE);
        _checkDeadlines(params, verifierCount);

        taskId = ++_taskCount;
        Task storage task = _tasks[taskId];
        // Safe casts: deadlines are at most MAX_HORIZON ahead (checked), minScore <= MAX_SCORE,
        // verifierCount <= 7, block numbers fit 40 bits for ages.
        task.owner = msg.sender;
        task.commitDeadline = uint40(params.commitDeadline);
        task.revealDeadline = uint40(params.revealDeadline);
        task.threshold = params.threshold;
        task.bounty = SafeCast.toUint128(msg.value);
        task.scoringDeadline = uint40(params.scoringDeadline);
        task.minScore = uint32(params.minScore);
        task.createdBlock = uint40(block.number);
        task.verifierCount = uint8(verifierCount);
        if (params.commitBond != 0 || params.seedWindow != 0) {
            task.commitBond = params.commitBond;
            task.seedWindow = params.seedWindow;
        }
        task.verifierSetHash = keccak256(abi.encode(params.verifiers));
        emit TaskCreated(
            taskId,
            msg.sender,
            msg.value,
            params.commitDeadline,
            params.revealDeadline,
            params.scoringDeadline,
            params.seedWindow,
            params.minScore,
            params.commitBond,
            params.threshold,
            params.verifiers,
            params.specCid
        );
    }

    /**
     * @notice Adds `msg.value` to the bounty of `taskId` while its commit window is open.
     * @dev Funding is a gift: a refund goes to the task's owner, not to the funders.
     * @param taskId The task to fund.
     */
    function fund(uint256 taskId) external payable {
        Task storage task = _openTask(taskId);
        if (msg.value == 0) revert ZeroValue();
        if (block.timestamp >= task.commitDeadline) revert FundingClosed(taskId, task.commitDeadline);
        uint128 bounty = task.bounty + SafeCast.toUint128(msg.value);
        task.bounty = bounty;
        emit TaskFunded(taskId, msg.sender, msg.value, bounty);
    }

    /**
     * @notice Cancels `taskId` and credits its bounty to the owner, as long as nobody has committed.
     * @param taskId The task to cancel; only its owner may.
     */
    function cancel(uint256 taskId) external {
        Task storage task = _openTask(taskId);
        if (msg.sender != task.owner) revert NotTaskOwner(taskId, msg.sender, task.owner);
        if (task.submissionCount != 0) revert TaskHasCommits(taskId, task.submissionCount);
        task.state = TaskState.Cancelled;
        uint256 refund = task.bounty;
        emit TaskCancelled(taskId, msg.sender, refund);
        _credit(msg.sender, taskId, refund);
    }

    /**
     * @notice Commits to a hidden result for `taskId` while its commit window is open, paying the
     * task's commit bond (returned on reveal, forfeited to the bounty if never revealed).
     * @param taskId The task.
     * @param commitment {computeCommitment} of the task, the sender, the result CID and a secret salt.
     * @return submissionId The submission's id within the task (ids start at 1, in commit order).
     */
    function commit(uint256 taskId, bytes32 commitment) external payable returns (uint256 submissionId) {
        Task storage task = _openTask(taskId);
        if (block.timestamp >= task.commitDeadline) revert CommitWindowClosed(taskId, task.commitDeadline);
        if (msg.value != task.commitBond) revert WrongBond(taskId, msg.value, task.commitBond);
        uint32 id = task.submissionCount + 1;
        task.submissionCount = id;
        // The low bit marks "committed": a revealed record always has it cleared.
        _submissions[taskId][id] = bytes32(uint256(keccak256(abi.encode(commitment, msg.sender))) | 1);
        emit SolutionCommitted(taskId, id, msg.sender, commitment);
        return id;
    }

    /**
     * @notice Reveals the result CID and salt of a submission once commits are closed; the bond goes
     * back to the solver and the reveal is folded into the task's reveals digest.
     * @dev Anyone holding the preimage may reveal; the commitment binds the solver, so the
     * submission stays the solver's. The bond is sent with a 2300-gas stipend; if the solver's
     * address refuses it, it is credited instead (withdraw it later).
     * @param taskId The task.
     * @param submissionId The submission committed earlier.
     * @param solver The address that committed.
     * @param resultCid Binary CID of the result bundle (1 to {MAX_CID_BYTES} bytes).
     * @param salt The salt used in the commitment.
     */
    function reveal(
        uint256 taskId,
        uint256 submissionId,
        address solver,
        bytes calldata resultCid,
        bytes32 salt
    ) external {
        Task storage task = _openTask(taskId);
        if (block.timestamp < task.commitDeadline) revert RevealWindowNotOpen(taskId, task.commitDeadline);
        if (block.timestamp >= task.revealDeadline) revert RevealWindowClosed(taskId, task.revealDeadline);
        if (submissionId == 0 || submissionId > task.submissionCount) {
            revert SubmissionNotFound(taskId, submissionId);
        }
        bytes32 record = _submissions[taskId][submissionId];
        if (uint256(record) & 1 == 0) revert AlreadyRevealed(taskId, submissionId);
        _checkCid(resultCid);
        bytes32 commitment = computeCommitment(taskId, solver, resultCid, salt);
        if (bytes32(uint256(keccak256(abi.encode(commitment, solver))) | 1) != record) {
            revert CommitmentMismatch(taskId, submissionId, commitment);
        }

        bytes32 resultCidHash = keccak256(resultCid);
        _submissions[taskId][submissionId] = _revealedRecord(solver, resultCidHash);
        task.revealCount += 1;
        bytes32 digest = keccak256(abi.encode(task.revealsDigest, submissionId, resultCidHash));
        task.revealsDigest = digest;
        emit SolutionRevealed(taskId, submissionId, solver, resultCid, digest);

        uint256 bond = task.commitBond;
        if (bond != 0) {
            // Stipend only: the solver cannot re-enter with useful gas, and every state change is done.
            // solhint-disable-next-line avoid-low-level-calls
            (bool sent, ) = payable(solver).call{value: bond, gas: 0}("");
            if (!sent) _credit(solver, taskId, bond);
        }
    }

    /**
     * @notice Fixes the test seed of a one-verifier task from its verifier's EIP-712 signature of
     * `TestSeed(taskId, revealsDigest)`, once the reveal window is closed. Anyone may relay.
     * @dev The seed is keccak256 of the 65-byte signature (low-s enforced, so one encoding per
     * signature). The verifier can choose among seeds, but it decides every score anyway.
     * @param taskId The task (n = 1).
     * @param verifiers The task's verifier set (one address).
     * @param signature The verifier's signature.
     */
    function fixTestSeed(uint256 taskId, address[] calldata verifiers, bytes calldata signature) external {
        Task storage task = _openTask(taskId);
        if (task.verifierCount != 1) revert WrongSeedProcedure(taskId, task.verifierCount);
        _checkSeedOpen(task, taskId);
        _checkVerifierSet(task, taskId, verifiers);
        bytes32 revealsDigest = task.revealsDigest;
        (address signer, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecover(
            testSeedDigest(taskId, revealsDigest),
            signature
        );
        if (recoverError != ECDSA.RecoverError.NoError || signer != verifiers[0]) {
            revert InvalidSeedSignature(taskId, signer, verifiers[0]);
        }
        bytes32 seed = keccak256(signature);
        task.testSeed = seed;
        emit TestSeedFixed(taskId, seed, revealsDigest, 1);
    }

    /**
     * @notice Records verifier `verifierIndex`'s commitment to its seed contribution (n > 1), from
     * its EIP-712 signature of `SeedCommitment(taskId, revealsDigest, commitment)`. Anyone may relay,
     * while `revealDeadline <= t < revealDeadline + seedWindow`.
     * @param taskId The task.
     * @param verifiers The task's verifier set.
     * @param verifierIndex The committing verifier's index in it.
     * @param commitment keccak256(abi.encode(contribution)) of a secret 32-byte contribution.
     * @param signature The verifier's signature.
     */
    function commitSeed(
        uint256 taskId,
        address[] calldata verifiers,
        uint8 verifierIndex,
        bytes32 commitment,
        bytes calldata signature
    ) external {
        Task storage task = _openTask(taskId);
        if (task.verifierCount < 2) revert WrongSeedProcedure(taskId, task.verifierCount);
        _checkSeedOpen(task, taskId);
        uint256 commitDeadline = uint256(task.revealDeadline) + task.seedWindow;
        if (block.timestamp >= commitDeadline) revert SeedCommitClosed(taskId, commitDeadline);
        _checkVerifierSet(task, taskId, verifiers);
        if (verifierIndex >= verifiers.length) revert VerifierIndexOutOfRange(taskId, verifierIndex);
        uint8 bit = uint8(1 << verifierIndex);
        if (task.seedCommitted & bit != 0) revert SeedAlreadyCommitted(taskId, verifierIndex);
        address verifier = verifiers[verifierIndex];
        (address signer, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecover(
            seedCommitmentDigest(taskId, task.revealsDigest, commitment),
            signature
        );
        if (recoverError != ECDSA.RecoverError.NoError || signer != verifier) {
            revert InvalidSeedSignature(taskId, signer, verifier);
        }
        task.seedCommitted |= bit;
        _seedCommitments[taskId][verifierIndex] = commitment;
        emit SeedCommitted(taskId, verifierIndex, verifier, commitment);
    }

    /**
     * @notice Reveals verifier `verifierIndex`'s seed contribution (n > 1) once commitments are
     * closed and while `t < revealDeadline + 2 * seedWindow`. Anyone may relay. Fixes the seed when
     * every committed contribution is revealed and at least m are.
     * @param taskId The task.
     * @param verifierIndex The verifier.
     * @param contribution The contribution it committed to.
     */
    function revealSeed(uint256 taskId, uint8 verifierIndex, bytes32 contribution) external {
        Task storage task = _openTask(taskId);
        uint256 verifierCount = task.verifierCount;
        if (verifierCount < 2) revert WrongSeedProcedure(taskId, verifierCount);
        uint256 commitDeadline = uint256(task.revealDeadline) + task.seedWindow;
        uint256 revealDeadline = commitDeadline + task.seedWindow;
        if (block.timestamp >= revealDeadline) revert SeedRevealClosed(taskId, revealDeadline);
        uint8 committed = task.seedCommitted;
        // Commitments are closed at their deadline, or earlier once every verifier has committed.
        if (block.timestamp < commitDeadline && committed != uint8((1 << verifierCount) - 1)) {
            revert SeedRevealNotOpen(taskId, commitDeadline);
        }
        uint8 bit = uint8(1 << verifierIndex);
        uint8 revealed = task.seedRevealed;
        if (verifierIndex >= verifierCount || committed & bit == 0 || revealed & bit != 0) {
            revert SeedNotRevealable(taskId, verifierIndex);
        }
        if (keccak256(abi.encode(contribution)) != _seedCommitments[taskId][verifierIndex]) {
            revert SeedContributionMismatch(taskId, verifierIndex);
        }
        revealed |= bit;
        task.seedRevealed = revealed;
        bytes32 accumulator = task.seedAccumulator ^ keccak256(abi.encode(verifierIndex, contribution));
        task.seedAccumulator = accumulator;
        emit SeedRevealed(taskId, verifierIndex, contribution);
        // Nothing can change any more once every committed contribution is revealed.
        if (revealed == committed && _popcount(revealed) >= task.threshold) {
            _fixSeedFromContributions(task, taskId, accumulator, revealed);
        }
    }

    /**
     * @notice After the contribution reveal window (n > 1), fixes the seed from the contributions
     * revealed, if at least m were; otherwise reverts {SeedQuorumMissed} (the task will refund).
     * @param taskId The task.
     */
    function settleSeed(uint256 taskId) external {
        Task storage task = _openTask(taskId);
        if (task.verifierCount < 2) revert WrongSeedProcedure(taskId, task.verifierCount);
        if (task.testSeed != bytes32(0)) revert TestSeedAlreadyFixed(taskId, task.testSeed);
        uint256 revealDeadline = uint256(task.revealDeadline) + 2 * uint256(task.seedWindow);
        if (block.timestamp < revealDeadline) revert SeedRevealNotOver(taskId, revealDeadline);
        uint8 revealed = task.seedRevealed;
        uint256 count = _popcount(revealed);
        if (count < task.threshold) revert SeedQuorumMissed(taskId, count, task.threshold);
        _fixSeedFromContributions(task, taskId, task.seedAccumulator, revealed);
    }

    /**
     * @notice Records a score of a revealed submission signed by m verifiers of the task; keeps
     * the task's best. Anyone may relay.
     * @dev O(m + n) with n <= 7. A score that does not beat the best changes nothing but is logged;
     * relaying it again is harmless.
     * @param taskId The task.
     * @param submissionId The revealed submission.
     * @param solver Its solver (from {SolutionRevealed}).
     * @param resultCidHash keccak256 of its result CID bytes.
     * @param score The score (at most {MAX_SCORE}).
     * @param verifiers The task's verifier set.
     * @param signatures m signatures of `Score(taskId, submissionId, resultCidHash, score, testSeed)`,
     * 65 bytes each, concatenated in ascending verifier index order.
     */
    function recordScore(
        uint256 taskId,
        uint256 submissionId,
        address solver,
        bytes32 resultCidHash,
        uint64 score,
        address[] calldata verifiers,
        bytes calldata signatures
    ) external {
        Task storage task = _openTask(taskId);
        if (block.timestamp >= task.scoringDeadline) revert ScoringClosed(taskId, task.scoringDeadline);
        bytes32 testSeed = task.testSeed;
        if (testSeed == bytes32(0)) revert TestSeedNotFixed(taskId);
        if (score > MAX_SCORE) revert ScoreTooHigh(score, MAX_SCORE);
        if (_submissions[taskId][submissionId] != _revealedRecord(solver, resultCidHash)) {
            revert NotRevealed(taskId, submissionId);
        }
        _checkVerifierSet(task, taskId, verifiers);
        uint8 signers = _checkScoreSignatures(
            task.threshold,
            taskId,
            submissionId,
            scoreDigest(taskId, submissionId, resultCidHash, score, testSeed),
            verifiers,
            signatures
        );

        uint32 bestId = task.bestSubmissionId;
        // Submission ids follow commit order, so a lower id is the earlier commit.
        bool best = bestId == 0 || score > task.bestScore || (score == task.bestScore && submissionId < bestId);
        if (best) {
            task.bestSolver = solver;
            // Safe: a revealed submission's id is at most submissionCount (uint32); score <= MAX_SCORE.
            task.bestSubmissionId = uint32(submissionId);
            task.bestScore = uint32(score);
        }
        emit ScoreRecorded(taskId, submissionId, solver, score, best, signers);
    }

    /**
     * @notice Ends `taskId` after its scoring deadline: credits the bounty plus forfeited bonds to
     * the best solver if its score reaches `minScore`, otherwise to the owner. Anyone may call it, once.
     * @param taskId The task.
     */
    function finalize(uint256 taskId) external {
        Task storage task = _openTask(taskId);
        if (block.timestamp < task.scoringDeadline) revert ScoringNotOver(taskId, task.scoringDeadline);
        uint256 winningId = task.bestSubmissionId;
        address payee;
        if (winningId != 0 && task.bestScore >= task.minScore) {
            payee = task.bestSolver;
        } else {
            winningId = 0;
            payee = task.owner;
        }
        task.state = TaskState.Finalized;
        // Cannot underflow: every reveal matches one earlier commit.
        uint256 forfeited = uint256(task.commitBond) * (task.submissionCount - task.revealCount);
        uint256 amount = uint256(task.bounty) + forfeited;
        emit TaskFinalized(taskId, winningId, payee, amount, forfeited);
        _credit(payee, taskId, amount);
    }

    /**
     * @notice Sends the caller all of its credit.
     * @dev Checks-effects-interactions plus a reentrancy guard; on failure the whole call reverts
     * and the credit stays.
     */
    function withdraw() external nonReentrant {
        _withdraw(payable(msg.sender));
    }

    /**
     * @notice Sends all of the caller's credit to `payee`, e.g. when the caller is a contract that
     * cannot receive TFuel.
     * @param payee Where to send it (not the zero address).
     */
    function withdrawTo(address payable payee) external nonReentrant {
        if (payee == address(0)) revert ZeroPayee();
        _withdraw(payee);
    }

    /**
     * @notice Number of tasks created; ids run from 1 to this.
     * @return The count.
     */
    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    /**
     * @notice Unwithdrawn credit of an account.
     * @param account The account.
     * @return Wei it can withdraw.
     */
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /**
     * @notice One task (the spec CID and verifier addresses are in {TaskCreated}).
     * @param taskId The task's id.
     * @return The task.
     */
    function getTask(uint256 taskId) external view returns (TaskView memory) {
        return _taskView(taskId, _existingTask(taskId));
    }

    /**
     * @notice A page of tasks: ids `offset + 1` up to `offset + limit`, stopping at {taskCount}.
     * @param offset Tasks to skip.
     * @param limit Most tasks to return (clamped to {MAX_PAGE_SIZE}).
     * @return page The tasks, in id order.
     */
    function getTasks(uint256 offset, uint256 limit) external view returns (TaskView[] memory page) {
        uint256 size = _pageSize(_taskCount, offset, limit);
        page = new TaskView[](size);
        for (uint256 i = 0; i < size; ++i) {
            uint256 id = offset + i + 1;
            page[i] = _taskView(id, _tasks[id]);
        }
    }

    /**
     * @notice Where a submission stands (its solver, commitment, CID and scores are in the events).
     * @param taskId The task.
     * @param submissionId The submission.
     * @return state None, Committed or Revealed.
     * @return record The stored hash (see the storage notes).
     */
    function getSubmissionState(
        uint256 taskId,
        uint256 submissionId
    ) external view returns (SubmissionState state, bytes32 record) {
        record = _submissions[taskId][submissionId];
        if (record == bytes32(0)) state = SubmissionState.None;
        else if (uint256(record) & 1 == 1) state = SubmissionState.Committed;
        else state = SubmissionState.Revealed;
    }

    /**
     * @notice A verifier's seed commitment (n > 1), zero if none.
     * @param taskId The task.
     * @param verifierIndex The verifier's index.
     * @return The commitment.
     */
    function seedCommitmentOf(uint256 taskId, uint8 verifierIndex) external view returns (bytes32) {
        return _seedCommitments[taskId][verifierIndex];
    }

    /**
     * @notice The EIP-712 domain separator of this contract on this chain.
     * @return The separator.
     */
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /**
     * @notice The hash a task stores for its verifier list.
     * @param verifiers The list, ascending.
     * @return keccak256(abi.encode(verifiers))
     */
    function verifierSetHash(address[] calldata verifiers) external pure returns (bytes32) {
        return keccak256(abi.encode(verifiers));
    }

    /**
     * @notice The commitment a solver submits: binds chain, contract, task, solver, result CID and salt.
     * @param taskId The task.
     * @param solver The address that commits.
     * @param resultCid Binary CID of the result.
     * @param salt A secret 32-byte salt.
     * @return keccak256(abi.encode(chainid, this, taskId, solver, keccak256(resultCid), salt))
     */
    function computeCommitment(
        uint256 taskId,
        address solver,
        bytes calldata resultCid,
        bytes32 salt
    ) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), taskId, solver, keccak256(resultCid), salt));
    }

    /**
     * @notice The EIP-712 digest verifiers sign for a score.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param resultCidHash keccak256 of the submission's result CID bytes.
     * @param score The score.
     * @param testSeed The task's test seed.
     * @return The digest.
     */
    function scoreDigest(
        uint256 taskId,
        uint256 submissionId,
        bytes32 resultCidHash,
        uint64 score,
        bytes32 testSeed
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(SCORE_TYPEHASH, taskId, submissionId, resultCidHash, score, testSeed))
            );
    }

    /**
     * @notice The EIP-712 digest a verifier signs for `TestSeed(taskId, revealsDigest)`.
     * @param taskId The task.
     * @param revealsDigest The task's final reveals digest.
     * @return The digest.
     */
    function testSeedDigest(uint256 taskId, bytes32 revealsDigest) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(TEST_SEED_TYPEHASH, taskId, revealsDigest)));
    }

    /**
     * @notice The EIP-712 digest a verifier signs for `SeedCommitment(taskId, revealsDigest, commitment)`.
     * @param taskId The task.
     * @param revealsDigest The task's final reveals digest.
     * @param commitment keccak256(abi.encode(contribution)).
     * @return The digest.
     */
    function seedCommitmentDigest(
        uint256 taskId,
        bytes32 revealsDigest,
        bytes32 commitment
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(keccak256(abi.encode(SEED_COMMITMENT_TYPEHASH, taskId, revealsDigest, commitment)));
    }

    function _credit(address account, uint256 taskId, uint256 amount) private {
        _credits[account] += amount;
        emit Credited(account, taskId, amount);
    }

    function _withdraw(address payable payee) private {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, payee, amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = payee.call{value: amount}("");
        if (!ok) revert WithdrawFailed(msg.sender, payee, amount);
    }

    function _fixSeedFromContributions(
        Task storage task,
        uint256 taskId,
        bytes32 accumulator,
        uint8 revealed
    ) private {
        bytes32 revealsDigest = task.revealsDigest;
        bytes32 seed = keccak256(abi.encode(revealsDigest, accumulator));
        task.testSeed = seed;
        emit TestSeedFixed(taskId, seed, revealsDigest, revealed);
    }

    function _existingTask(uint256 taskId) private view returns (Task storage task) {
        if (taskId == 0 || taskId > _taskCount) revert TaskNotFound(taskId);
        return _tasks[taskId];
    }

    function _openTask(uint256 taskId) private view returns (Task storage task) {
        task = _existingTask(taskId);
        if (task.state != TaskState.Open) revert TaskNotOpen(taskId, task.state);
    }

    function _checkSeedOpen(Task storage task, uint256 taskId) private view {
        if (block.timestamp < task.revealDeadline) revert SeedWindowNotOpen(taskId, task.revealDeadline);
        if (block.timestamp >= task.scoringDeadline) revert ScoringClosed(taskId, task.scoringDeadline);
        if (task.testSeed != bytes32(0)) revert TestSeedAlreadyFixed(taskId, task.testSeed);
    }

    function _checkVerifierSet(Task storage task, uint256 taskId, address[] calldata verifiers) private view {
        if (keccak256(abi.encode(verifiers)) != task.verifierSetHash) revert VerifierSetMismatch(taskId);
    }

    function _checkDeadlines(TaskParams calldata params, uint256 verifierCount) private view {
        uint256 minWindow = MIN_WINDOW;
        uint256 seedWindow = params.seedWindow;
        if (verifierCount == 1 ? seedWindow != 0 : seedWindow < minWindow) {
            revert InvalidSeedWindow(params.seedWindow, verifierCount, minWindow);
        }
        uint256 commitLength = _gap(block.timestamp, params.commitDeadline);
        if (commitLength < minWindow) revert WindowTooShort(Window.Commit, commitLength, minWindow);
        uint256 revealLength = _gap(params.commitDeadline, params.revealDeadline);
        if (revealLength < minWindow) revert WindowTooShort(Window.Reveal, revealLength, minWindow);
        uint256 scoringLength = _gap(uint256(params.revealDeadline) + 2 * seedWindow, params.scoringDeadline);
        if (scoringLength < minWindow) revert WindowTooShort(Window.Scoring, scoringLength, minWindow);
        uint256 latest = block.timestamp + MAX_HORIZON;
        if (params.scoringDeadline > latest) revert DeadlineTooFar(params.scoringDeadline, latest);
    }

    function _taskView(uint256 taskId, Task storage task) private view returns (TaskView memory) {
        return
            TaskView({
                id: taskId,
                owner: task.owner,
                state: task.state,
                bounty: task.bounty,
                commitBond: task.commitBond,
                commitDeadline: task.commitDeadline,
                revealDeadline: task.revealDeadline,
                seedWindow: task.seedWindow,
                scoringDeadline: task.scoringDeadline,
                minScore: task.minScore,
                threshold: task.threshold,
                verifierCount: task.verifierCount,
                verifierSetHash: task.verifierSetHash,
                createdBlock: task.createdBlock,
                submissionCount: task.submissionCount,
                revealCount: task.revealCount,
                bestSolver: task.bestSolver,
                bestSubmissionId: task.bestSubmissionId,
                bestScore: task.bestScore,
                revealsDigest: task.revealsDigest,
                testSeed: task.testSeed,
                seedCommitted: task.seedCommitted,
                seedRevealed: task.seedRevealed
            });
    }

    function _checkVerifiers(address[] calldata verifiers) private view {
        uint256 count = verifiers.length;
        if (count == 0 || count > MAX_VERIFIERS) revert InvalidVerifierCount(count);
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            address verifier = verifiers[i];
            if (verifier <= previous) revert InvalidVerifierSet(i);
            if (verifier == msg.sender) revert OwnerIsVerifier(msg.sender);
            previous = verifier;
        }
    }

    function _checkScoreSignatures(
        uint8 threshold,
        uint256 taskId,
        uint256 submissionId,
        bytes32 digest,
        address[] calldata verifiers,
        bytes calldata signatures
    ) private pure returns (uint8 signers) {
        if (signatures.length != uint256(threshold) * _SIGNATURE_BYTES) {
            revert WrongSignatureCount(signatures.length, threshold);
        }
        uint256 next = 0;
        for (uint256 k = 0; k < threshold; ++k) {
            uint256 at = k * _SIGNATURE_BYTES;
            (address signer, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecover(
                digest,
                uint8(signatures[at + 64]),
                bytes32(signatures[at:at + 32]),
                bytes32(signatures[at + 32:at + 64])
            );
            if (recoverError != ECDSA.RecoverError.NoError) signer = address(0);
            // Signatures come in ascending verifier order, so each verifier counts at most once.
            while (next < verifiers.length && verifiers[next] != signer) ++next;
            if (next == verifiers.length || signer == address(0)) {
                revert InvalidScoreSignature(taskId, submissionId, k, signer);
            }
            signers |= uint8(1 << next);
            ++next;
        }
    }

    function _checkCid(bytes calldata cid) private pure {
        if (cid.length == 0 || cid.length > MAX_CID_BYTES) revert InvalidCidLength(cid.length, MAX_CID_BYTES);
    }

    function _revealedRecord(address solver, bytes32 resultCidHash) private pure returns (bytes32) {
        return bytes32(uint256(keccak256(abi.encode(solver, resultCidHash))) & ~uint256(1));
    }

    function _gap(uint256 from, uint256 to) private pure returns (uint256) {
        return to > from ? to - from : 0;
    }

    function _popcount(uint8 bits) private pure returns (uint256 count) {
        for (; bits != 0; bits &= bits - 1) ++count;
    }

    function _pageSize(uint256 count, uint256 offset, uint256 limit) private pure returns (uint256) {
        if (offset >= count) return 0;
        // Cannot underflow: offset < count.
        uint256 remaining = count - offset;
        uint256 size = limit < remaining ? limit : remaining;
        return size < MAX_PAGE_SIZE ? size : MAX_PAGE_SIZE;
    }
}
