// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Reads everything the property runs check in one eth_call, as one flat word list:
/// TaskMarket's balance, the credits of the given accounts, the balances of the given contracts,
/// the task count, then each task's 23 `TaskView` words (`getTasks(0, 100)`).
contract MarketLens {
    function read(
        address market,
        address[] calldata accounts,
        address[] calldata contracts
    ) external view returns (uint256[] memory out) {
        (bool ok, bytes memory data) = market.staticcall(abi.encodeWithSignature("getTasks(uint256,uint256)", 0, 100));
        require(ok, "getTasks");
        // TaskView has only static fields, so TaskView[] is encoded as uint256[23][].
        uint256[23][] memory views = abi.decode(data, (uint256[23][]));
        out = new uint256[](2 + accounts.length + contracts.length + 23 * views.length);
        uint256 k = 0;
        out[k++] = market.balance;
        for (uint256 i = 0; i < accounts.length; ++i) {
            (bool fine, bytes memory credit) = market.staticcall(
                abi.encodeWithSignature("creditOf(address)", accounts[i])
            );
            require(fine, "creditOf");
            out[k++] = abi.decode(credit, (uint256));
        }
        for (uint256 i = 0; i < contracts.length; ++i) out[k++] = contracts[i].balance;
        out[k++] = views.length;
        for (uint256 t = 0; t < views.length; ++t) {
            for (uint256 f = 0; f < 23; ++f) out[k++] = views[t][f];
        }
    }
}
