// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Test actor: a contract that owns tasks or solves them. Its controller makes it call
/// TaskMarket; how it takes TFuel depends on its mode.
contract MarketActor {
    /// @notice 0: accepts TFuel; 1: rejects it; 2: re-enters withdraw/withdrawTo when paid with
    /// gas to spare (and swallows the refused re-entry), rejects a 2300-gas stipend.
    uint8 public immutable mode;
    address public immutable market;
    address public immutable controller;
    uint256 public reentries;
    bool public reentrySucceeded;

    constructor(address market_, uint8 mode_) {
        market = market_;
        mode = mode_;
        controller = msg.sender;
    }

    /// @notice Calls TaskMarket with `data` and the value sent; bubbles a revert up.
    function execute(bytes calldata data) external payable returns (bytes memory) {
        require(msg.sender == controller, "not the controller");
        (bool ok, bytes memory result) = market.call{value: msg.value}(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    receive() external payable {
        if (mode == 1) revert("no TFuel, thanks");
        if (mode == 2) {
            if (gasleft() <= 2300) revert("stipend");
            reentries += 1;
            (bool a, ) = market.call(abi.encodeWithSignature("withdraw()"));
            (bool b, ) = market.call(abi.encodeWithSignature("withdrawTo(address)", address(this)));
            if (a || b) reentrySucceeded = true;
        }
    }
}

/// @notice Forces TFuel into an address by self-destructing (no receive hook runs).
contract ForceSend {
    constructor(address payable target) payable {
        selfdestruct(target);
    }
}
