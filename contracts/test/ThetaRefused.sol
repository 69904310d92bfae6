// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Uses every block opcode Theta's EVM refuses at run time, for the bytecode guard's tests.
contract ThetaRefused {
    function entropy() external view returns (bytes32, address, uint256) {
        return (blockhash(block.number - 1), block.coinbase, block.prevrandao);
    }
}
