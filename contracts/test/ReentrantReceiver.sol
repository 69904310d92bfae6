// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

interface ITaskMarket {
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

    function createTask(TaskParams calldata params) external payable returns (uint256);

    function cancel(uint256 taskId) external;

    function withdraw() external;
}

/// @notice Test attacker: re-enters TaskMarket.withdraw from its receive hook.
contract ReentrantReceiver {
    ITaskMarket public immutable market;
    /// @notice true: swallow the failed re-entry; false: let it bubble up.
    bool public catchReentry;
    uint256 public reentries;
    bool public reentrySucceeded;

    constructor(address marketAddress, bool catchReentry_) {
        market = ITaskMarket(marketAddress);
        catchReentry = catchReentry_;
    }

    /// @notice Gets credited `msg.value` by creating a task and cancelling it.
    function createAndCancel(bytes calldata specCid, uint64 commitDeadline, address verifier) external payable {
        address[] memory verifiers = new address[](1);
        verifiers[0] = verifier;
        uint256 taskId = market.createTask{value: msg.value}(
            ITaskMarket.TaskParams({
                specCid: specCid,
                commitDeadline: commitDeadline,
                revealDeadline: commitDeadline + 1 hours,
                scoringDeadline: commitDeadline + 2 hours,
                seedWindow: 0,
                minScore: 0,
                commitBond: 0,
                threshold: 1,
                verifiers: verifiers
            })
        );
        market.cancel(taskId);
    }

    function attack() external {
        market.withdraw();
    }

    receive() external payable {
        if (reentries >= 3) return;
        reentries += 1;
        if (catchReentry) {
            try market.withdraw() {
                reentrySucceeded = true;
            } catch {}
        } else {
            market.withdraw();
        }
    }
}
