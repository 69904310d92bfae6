// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/**
 * @title TaskMarket: escrowed compute bounties with commit-reveal submissions and verifier-signed scores
 * @author Theta Edge Marketplace
 * @notice A task owner escrows a TFuel bounty for a task whose spec lives on IPFS. Solvers commit to a
 * hidden result, reveal it once commits are closed, a verifier named by the owner signs a score for
 * every revealed result, anyone relays the signed scores, and after the scoring deadline anyone
 * finalizes: the best solver at or above `minScore` is credited the bounty, otherwise the owner is.
 * Credits are withdrawn with {withdraw} (pull payments).
 *
 * Lifecycle of a task, with `t` the block timestamp:
 * 1. {createTask} (payable): deadlines strictly increasing and in the future. {fund} adds to the
 *    bounty while `t < commitDeadline`. {cancel} refunds the owner while nobody has committed.
 * 2. {commit} while `t < commitDeadline`.
 * 3. {reveal} while `commitDeadline <= t < revealDeadline`. The first reveal fixes the task's
 *    `testSeed` from the previous block's hash.
 * 4. {recordScore} for revealed submissions while `t < scoringDeadline`; the best score is kept,
 *    ties go to the earlier commit (the lower submission id).
 * 5. {finalize} by anyone once `t >= scoringDeadline`.
 *
 * Trust model.
 * - The verifier is trusted for the scores it signs and for nothing else. It can rank revealed
 *   submissions as it likes (and so choose which of them wins, or make all of them fall below
 *   `minScore` so that the owner is refunded). It cannot score a submission that was not revealed,
 *   cannot score one twice, cannot move deadlines, cannot pay anyone but a revealed solver or the
 *   owner, and cannot block finalization: if it never signs, the owner is refunded.
 * - A score signature is bound by EIP-712 to this chain and this contract (domain), and to the task,
 *   the submission, the result CID hash and the task's test seed (message). It cannot be replayed
 *   on another task, submission, chain or contract, and only the task's verifier can produce it.
 *   Anyone may relay it, since it only ever states what the verifier decided.
 * - The owner chooses the verifier, `minScore` and the deadlines before anyone commits; solvers
 *   see them and decide whether to take part. Once somebody has committed the owner can no longer
 *   cancel, and the escrow ends either with the best solver or with the owner after finalization.
 * - Commitments bind chain id, contract, task, solver, result CID and salt, and reveals are only
 *   accepted after the commit window closed, so a result seen in a reveal cannot be committed by
 *   anybody else.
 * - The test seed comes from a block hash, never from `prevrandao` (always 0 on Theta). Solvers
 *   could not know it when they committed. The first revealer can choose the block it reveals in
 *   and so pick among a few candidate seeds for a result it already fixed; the verifier's test set
 *   must be large enough that this choice is worthless.
 *
 * Invariants: the contract's balance equals the bounties of open tasks plus unwithdrawn credits;
 * every task ends paid out or refunded; nothing loops over data that users can grow.
 */
contract TaskMarket is EIP712, ReentrancyGuard {
    /// @notice Lifecycle state of a task. Phases within `Open` follow from the deadlines.
    enum TaskState {
        Open,
        Finalized,
        Cancelled
    }

    /// @notice A task as stored. Fields are ordered to pack into five slots plus the spec CID.
    struct Task {
        address owner;
        uint64 commitDeadline;
        TaskState state;
        address verifier;
        uint64 revealDeadline;
        uint128 bounty;
        uint64 scoringDeadline;
        uint64 minScore;
        uint64 bestScore;
        uint32 bestSubmissionId;
        uint32 submissionCount;
        uint32 revealCount;
        uint32 scoredCount;
        bytes32 testSeed;
        bytes specCid;
    }

    /// @notice A submission as stored; its id is its position in the task's commit order (from 1).
    struct Submission {
        address solver;
        uint64 score;
        bool revealed;
        bool scored;
        bytes32 commitment;
        bytes resultCid;
    }

    /// @notice A task as returned by the views, with its id.
    struct TaskView {
        uint256 id;
        address owner;
        address verifier;
        TaskState state;
        uint256 bounty;
        uint64 commitDeadline;
        uint64 revealDeadline;
        uint64 scoringDeadline;
        uint64 minScore;
        uint64 bestScore;
        uint32 bestSubmissionId;
        uint32 submissionCount;
        uint32 revealCount;
        uint32 scoredCount;
        bytes32 testSeed;
        bytes specCid;
    }

    /// @notice A submission as returned by the views, with its ids.
    struct SubmissionView {
        uint256 taskId;
        uint256 id;
        address solver;
        bytes32 commitment;
        bool revealed;
        bool scored;
        uint64 score;
        bytes resultCid;
    }

    /// @notice EIP-712 type of a verifier's score attestation.
    bytes32 public constant SCORE_TYPEHASH =
        keccak256(
            "Score(uint256 taskId,uint256 submissionId,bytes32 resultCidHash,uint64 score,bytes32 testSeed)"
        );

    /// @notice Longest CID accepted, in bytes (binary CIDv1 with a sha2-256 digest is 36).
    uint256 public constant MAX_CID_BYTES = 128;

    /// @notice Most entries a page view returns; larger limits are clamped.
    uint256 public constant MAX_PAGE_SIZE = 100;

    uint256 private _taskCount;
    mapping(uint256 taskId => Task) private _tasks;
    mapping(uint256 taskId => mapping(uint256 submissionId => Submission)) private _submissions;
    mapping(address account => uint256) private _credits;

    /**
     * @notice A task was created with its bounty escrowed.
     * @param taskId The new task.
     * @param owner Who created it (and is refunded).
     * @param verifier Whose signatures score it.
     * @param bounty Wei escrowed.
     * @param commitDeadline End of the commit window.
     * @param revealDeadline End of the reveal window.
     * @param scoringDeadline End of scoring; finalization from then on.
     * @param minScore Lowest winning score.
     * @param specCid Binary CID of the task spec.
     */
    event TaskCreated(
        uint256 indexed taskId,
        address indexed owner,
        address indexed verifier,
        uint256 bounty,
        uint64 commitDeadline,
        uint64 revealDeadline,
        uint64 scoringDeadline,
        uint64 minScore,
        bytes specCid
    );

    /**
     * @notice A task's bounty grew.
     * @param taskId The task.
     * @param funder Who paid.
     * @param amount Wei added.
     * @param bounty The bounty afterwards.
     */
    event TaskFunded(uint256 indexed taskId, address indexed funder, uint256 amount, uint256 bounty);

    /**
     * @notice The owner cancelled a task before anyone committed.
     * @param taskId The task.
     * @param owner The owner, credited with the refund.
     * @param refund Wei credited.
     */
    event TaskCancelled(uint256 indexed taskId, address indexed owner, uint256 refund);

    /**
     * @notice A solver committed to a hidden result.
     * @param taskId The task.
     * @param submissionId The new submission (ids in commit order, from 1).
     * @param solver The solver.
     * @param commitment The commitment.
     */
    event SolutionCommitted(
        uint256 indexed taskId,
        uint256 indexed submissionId,
        address indexed solver,
        bytes32 commitment
    );

    /**
     * @notice A submission revealed its result CID.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param solver The submission's solver.
     * @param resultCid Binary CID of the result bundle.
     */
    event SolutionRevealed(
        uint256 indexed taskId,
        uint256 indexed submissionId,
        address indexed solver,
        bytes resultCid
    );

    /**
     * @notice The first reveal of a task fixed its test seed.
     * @param taskId The task.
     * @param testSeed The seed the verifier derives the test set from.
     */
    event TestSeedFixed(uint256 indexed taskId, bytes32 testSeed);

    /**
     * @notice A verifier-signed score was recorded.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param solver The submission's solver.
     * @param score The score.
     * @param best Whether it became the task's best.
     */
    event ScoreRecorded(
        uint256 indexed taskId,
        uint256 indexed submissionId,
        address indexed solver,
        uint64 score,
        bool best
    );

    /**
     * @notice A task was finalized and its bounty credited.
     * @param taskId The task.
     * @param winningSubmissionId The winning submission, or 0 when the owner is refunded.
     * @param payee The winner's solver or the owner.
     * @param amount Wei credited.
     */
    event TaskFinalized(
        uint256 indexed taskId,
        uint256 indexed winningSubmissionId,
        address indexed payee,
        uint256 amount
    );

    /**
     * @notice An account was credited; it withdraws with {withdraw}.
     * @param account The account.
     * @param taskId The task the credit comes from.
     * @param amount Wei credited.
     */
    event Credited(address indexed account, uint256 indexed taskId, uint256 amount);

    /**
     * @notice An account withdrew its credit.
     * @param account The account.
     * @param amount Wei sent.
     */
    event Withdrawn(address indexed account, uint256 amount);

    /**
     * @notice No task has this id.
     * @param taskId The id asked for.
     */
    error TaskNotFound(uint256 taskId);

    /**
     * @notice The task has no submission with this id.
     * @param taskId The task.
     * @param submissionId The id asked for.
     */
    error SubmissionNotFound(uint256 taskId, uint256 submissionId);

    /// @notice A bounty or funding of zero wei.
    error ZeroValue();

    /**
     * @notice The deadlines are not strictly increasing after the current block's timestamp.
     * @param timestamp The current block's timestamp.
     * @param commitDeadline The commit deadline given.
     * @param revealDeadline The reveal deadline given.
     * @param scoringDeadline The scoring deadline given.
     */
    error InvalidDeadlines(uint256 timestamp, uint64 commitDeadline, uint64 revealDeadline, uint64 scoringDeadline);

    /// @notice The verifier is the zero address.
    error ZeroVerifier();

    /**
     * @notice A CID must have 1 to `max` bytes.
     * @param length The length given.
     * @param max The longest accepted.
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
     * @notice The revealed CID and salt do not match the commitment.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param committed The stored commitment.
     * @param computed The commitment of the revealed values.
     */
    error CommitmentMismatch(uint256 taskId, uint256 submissionId, bytes32 committed, bytes32 computed);

    /**
     * @notice Only revealed submissions can be scored.
     * @param taskId The task.
     * @param submissionId The submission.
     */
    error NotRevealed(uint256 taskId, uint256 submissionId);

    /**
     * @notice Scoring is closed.
     * @param taskId The task.
     * @param scoringDeadline When it closed.
     */
    error ScoringClosed(uint256 taskId, uint64 scoringDeadline);

    /**
     * @notice The submission already has a score.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param score The recorded score.
     */
    error ScoreAlreadyRecorded(uint256 taskId, uint256 submissionId, uint64 score);

    /**
     * @notice The score signature is not the task verifier's.
     * @param taskId The task.
     * @param submissionId The submission.
     * @param signer The recovered signer (zero when the signature is malformed).
     * @param verifier The task's verifier.
     */
    error InvalidScoreSignature(uint256 taskId, uint256 submissionId, address signer, address verifier);

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

    /**
     * @notice Sending the credit failed (the receiver reverted); the credit is kept.
     * @param account The account.
     * @param amount Wei that could not be sent.
     */
    error WithdrawFailed(address account, uint256 amount);

    /// @notice Sets the EIP-712 domain: name "TaskMarket", version "1".
    constructor() EIP712("TaskMarket", "1") {}

    /**
     * @notice Creates a task and escrows `msg.value` as its bounty.
     * @param specCid Binary CID of the task spec on IPFS (1 to {MAX_CID_BYTES} bytes).
     * @param commitDeadline Commits are accepted while `block.timestamp < commitDeadline`.
     * @param revealDeadline Reveals are accepted from `commitDeadline` while `block.timestamp < revealDeadline`.
     * @param scoringDeadline Scores are accepted while `block.timestamp < scoringDeadline`; then anyone finalizes.
     * @param verifier The address whose EIP-712 signatures score submissions.
     * @param minScore The lowest score that wins; below it the owner is refunded.
     * @return taskId The new task's id (ids start at 1).
     */
    function createTask(
        bytes calldata specCid,
        uint64 commitDeadline,
        uint64 revealDeadline,
        uint64 scoringDeadline,
        address verifier,
        uint64 minScore
    ) external payable returns (uint256 taskId) {
        if (msg.value == 0) revert ZeroValue();
        if (
            commitDeadline <= block.timestamp ||
            revealDeadline <= commitDeadline ||
            scoringDeadline <= revealDeadline
        ) {
            revert InvalidDeadlines(block.timestamp, commitDeadline, revealDeadline, scoringDeadline);
        }
        if (verifier == address(0)) revert ZeroVerifier();
        _checkCid(specCid);

        taskId = ++_taskCount;
        {
            // Scoped so the storage pointer leaves the stack before the nine-field event.
            Task storage task = _tasks[taskId];
            task.owner = msg.sender;
            task.commitDeadline = commitDeadline;
            task.verifier = verifier;
            task.revealDeadline = revealDeadline;
            task.bounty = SafeCast.toUint128(msg.value);
            task.scoringDeadline = scoringDeadline;
            task.minScore = minScore;
            task.specCid = specCid;
        }
        emit TaskCreated(
            taskId,
            msg.sender,
            verifier,
            msg.value,
            commitDeadline,
            revealDeadline,
            scoringDeadline,
            minScore,
            specCid
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
     * @notice Commits to a hidden result for `taskId` while its commit window is open.
     * @param taskId The task.
     * @param commitment {computeCommitment} of the task, the sender, the result CID and a secret salt.
     * @return submissionId The submission's id within the task (ids start at 1, in commit order).
     */
    function commit(uint256 taskId, bytes32 commitment) external returns (uint256 submissionId) {
        Task storage task = _openTask(taskId);
        if (block.timestamp >= task.commitDeadline) revert CommitWindowClosed(taskId, task.commitDeadline);
        uint32 id = task.submissionCount + 1;
        task.submissionCount = id;
        Submission storage submission = _submissions[taskId][id];
        submission.solver = msg.sender;
        submission.commitment = commitment;
        emit SolutionCommitted(taskId, id, msg.sender, commitment);
        return id;
    }

    /**
     * @notice Reveals the result CID and salt of a submission once commits are closed.
     * @dev Anyone holding the preimage may reveal; the commitment binds the solver, so the
     * submission stays the solver's. The first reveal of a task fixes its test seed.
     * @param taskId The task.
     * @param submissionId The submission committed earlier.
     * @param resultCid Binary CID of the result bundle (1 to {MAX_CID_BYTES} bytes).
     * @param salt The salt used in the commitment.
     */
    function reveal(
        uint256 taskId,
        uint256 submissionId,
        bytes calldata resultCid,
        bytes32 salt
    ) external {
        Task storage task = _openTask(taskId);
        if (block.timestamp < task.commitDeadline) revert RevealWindowNotOpen(taskId, task.commitDeadline);
        if (block.timestamp >= task.revealDeadline) revert RevealWindowClosed(taskId, task.revealDeadline);
        Submission storage submission = _existingSubmission(task, taskId, submissionId);
        if (submission.revealed) revert AlreadyRevealed(taskId, submissionId);
        _checkCid(resultCid);
        bytes32 computed = computeCommitment(taskId, submission.solver, resultCid, salt);
        if (computed != submission.commitment) {
            revert CommitmentMismatch(taskId, submissionId, submission.commitment, computed);
        }

        submission.revealed = true;
        submission.resultCid = resultCid;
        uint32 earlierReveals = task.revealCount;
        task.revealCount = earlierReveals + 1;
        emit SolutionRevealed(taskId, submissionId, submission.solver, resultCid);

        if (earlierReveals == 0) {
            // The previous block's hash: unknown to every solver when the commit window closed.
            bytes32 seed = keccak256(abi.encode(blockhash(block.number - 1), block.chainid, address(this), taskId));
            task.testSeed = seed;
            emit TestSeedFixed(taskId, seed);
        }
    }

    /**
     * @notice Records the verifier's signed score of a revealed submission; keeps the task's best.
     * @dev Anyone may relay. O(1): the best is updated in place, ties go to the earlier commit.
     * @param taskId The task.
     * @param submissionId The revealed submission.
     * @param score The score signed by the task's verifier.
     * @param signature EIP-712 signature of `Score(taskId, submissionId, keccak256(resultCid), score, testSeed)`.
     */
    function recordScore(
        uint256 taskId,
        uint256 submissionId,
        uint64 score,
        bytes calldata signature
    ) external {
        Task storage task = _openTask(taskId);
        if (block.timestamp >= task.scoringDeadline) revert ScoringClosed(taskId, task.scoringDeadline);
        Submission storage submission = _existingSubmission(task, taskId, submissionId);
        if (!submission.revealed) revert NotRevealed(taskId, submissionId);
        if (submission.scored) revert ScoreAlreadyRecorded(taskId, submissionId, submission.score);

        bytes32 digest = scoreDigest(taskId, submissionId, keccak256(submission.resultCid), score, task.testSeed);
        (address signer, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecover(digest, signature);
        if (recoverError != ECDSA.RecoverError.NoError || signer != task.verifier) {
            revert InvalidScoreSignature(taskId, submissionId, signer, task.verifier);
        }

        submission.scored = true;
        submission.score = score;
        task.scoredCount += 1;
        uint32 bestId = task.bestSubmissionId;
        // Submission ids follow commit order, so a lower id is the earlier commit.
        bool best = bestId == 0 || score > task.bestScore || (score == task.bestScore && submissionId < bestId);
        if (best) {
            task.bestScore = score;
            // Safe: submissionId <= submissionCount, a uint32.
            task.bestSubmissionId = uint32(submissionId);
        }
        emit ScoreRecorded(taskId, submissionId, submission.solver, score, best);
    }

    /**
     * @notice Ends `taskId` after its scoring deadline: credits the bounty to the best solver if its
     * score reaches `minScore`, otherwise to the owner. Anyone may call it, once.
     * @param taskId The task.
     */
    function finalize(uint256 taskId) external {
        Task storage task = _openTask(taskId);
        if (block.timestamp < task.scoringDeadline) revert ScoringNotOver(taskId, task.scoringDeadline);
        uint256 winningId = task.bestSubmissionId;
        address payee;
        if (winningId != 0 && task.bestScore >= task.minScore) {
            payee = _submissions[taskId][winningId].solver;
        } else {
            winningId = 0;
            payee = task.owner;
        }
        task.state = TaskState.Finalized;
        uint256 amount = task.bounty;
        emit TaskFinalized(taskId, winningId, payee, amount);
        _credit(payee, taskId, amount);
    }

    /**
     * @notice Sends the caller all of its credit.
     * @dev Checks-effects-interactions plus a reentrancy guard; on failure the whole call reverts
     * and the credit stays.
     */
    function withdraw() external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert WithdrawFailed(msg.sender, amount);
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
     * @notice One task.
     * @param taskId The task's id.
     * @return The task.
     */
    function getTask(uint256 taskId) external view returns (TaskView memory) {
        return _taskView(taskId, _existingTask(taskId));
    }

    /**
     * @notice One submission of a task.
     * @param taskId The task's id.
     * @param submissionId The submission's id.
     * @return The submission.
     */
    function getSubmission(uint256 taskId, uint256 submissionId) external view returns (SubmissionView memory) {
        Task storage task = _existingTask(taskId);
        return _submissionView(taskId, submissionId, _existingSubmission(task, taskId, submissionId));
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
     * @notice A page of a task's submissions: ids `offset + 1` up to `offset + limit`.
     * @param taskId The task.
     * @param offset Submissions to skip.
     * @param limit Most submissions to return (clamped to {MAX_PAGE_SIZE}).
     * @return page The submissions, in id order.
     */
    function getSubmissions(
        uint256 taskId,
        uint256 offset,
        uint256 limit
    ) external view returns (SubmissionView[] memory page) {
        Task storage task = _existingTask(taskId);
        uint256 size = _pageSize(task.submissionCount, offset, limit);
        page = new SubmissionView[](size);
        for (uint256 i = 0; i < size; ++i) {
            uint256 id = offset + i + 1;
            page[i] = _submissionView(taskId, id, _submissions[taskId][id]);
        }
    }

    /**
     * @notice The EIP-712 domain separator of this contract on this chain.
     * @return The separator.
     */
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
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
     * @notice The EIP-712 digest a verifier signs for a score.
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

    function _credit(address account, uint256 taskId, uint256 amount) private {
        _credits[account] += amount;
        emit Credited(account, taskId, amount);
    }

    function _existingTask(uint256 taskId) private view returns (Task storage task) {
        if (taskId == 0 || taskId > _taskCount) revert TaskNotFound(taskId);
        return _tasks[taskId];
    }

    function _openTask(uint256 taskId) private view returns (Task storage task) {
        task = _existingTask(taskId);
        if (task.state != TaskState.Open) revert TaskNotOpen(taskId, task.state);
    }

    function _existingSubmission(
        Task storage task,
        uint256 taskId,
        uint256 submissionId
    ) private view returns (Submission storage) {
        if (submissionId == 0 || submissionId > task.submissionCount) {
            revert SubmissionNotFound(taskId, submissionId);
        }
        return _submissions[taskId][submissionId];
    }

    function _taskView(uint256 taskId, Task storage task) private view returns (TaskView memory) {
        return
            TaskView({
                id: taskId,
                owner: task.owner,
                verifier: task.verifier,
                state: task.state,
                bounty: task.bounty,
                commitDeadline: task.commitDeadline,
                revealDeadline: task.revealDeadline,
                scoringDeadline: task.scoringDeadline,
                minScore: task.minScore,
                bestScore: task.bestScore,
                bestSubmissionId: task.bestSubmissionId,
                submissionCount: task.submissionCount,
                revealCount: task.revealCount,
                scoredCount: task.scoredCount,
                testSeed: task.testSeed,
                specCid: task.specCid
            });
    }

    function _submissionView(
        uint256 taskId,
        uint256 submissionId,
        Submission storage submission
    ) private view returns (SubmissionView memory) {
        return
            SubmissionView({
                taskId: taskId,
                id: submissionId,
                solver: submission.solver,
                commitment: submission.commitment,
                revealed: submission.revealed,
                scored: submission.scored,
                score: submission.score,
                resultCid: submission.resultCid
            });
    }

    function _checkCid(bytes calldata cid) private pure {
        if (cid.length == 0 || cid.length > MAX_CID_BYTES) revert InvalidCidLength(cid.length, MAX_CID_BYTES);
    }

    function _pageSize(uint256 count, uint256 offset, uint256 limit) private pure returns (uint256) {
        if (offset >= count) return 0;
        // Cannot underflow: offset < count.
        uint256 remaining = count - offset;
        uint256 size = limit < remaining ? limit : remaining;
        return size < MAX_PAGE_SIZE ? size : MAX_PAGE_SIZE;
    }
}
