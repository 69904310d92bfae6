import { startMarket, newTask, SOLVERS, commitResult } from '/work/main/contracts/test/fixture.ts';
const market = await startMarket();
const snap = await market.chain.snapshot();
const t = await newTask(market);
await commitResult(market, t.taskId, SOLVERS[4], 'x');
await market.chain.revert(snap);
const { taskId } = await newTask(market);
const wallet = market.wallet(SOLVERS[4]);
const p = market.chain.provider;
console.log(
  'pending',
  await p.getTransactionCount(wallet.address, 'pending'),
  'latest',
  await p.getTransactionCount(wallet.address, 'latest'),
);
const contract = market.client(SOLVERS[4]).contract;
const nonce = await wallet.getNonce();
const tx = await contract
  .getFunction('commit')
  .send(taskId, '0x' + '11'.repeat(32), { nonce, gasLimit: 200_000n });
console.log('receipt', await p.getTransactionReceipt(tx.hash));
console.log(await p.send('txpool_content', []));
await market.stop();
