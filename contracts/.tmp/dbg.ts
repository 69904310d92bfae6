import { startMarket, newTask, SOLVERS } from '/work/main/contracts/test/fixture.ts';
const market = await startMarket();
const { taskId } = await newTask(market);
const wallet = market.wallet(SOLVERS[4]);
const contract = market.client(SOLVERS[4]).contract;
const nonce = await wallet.getNonce();
console.log('nonce', nonce);
const sent = [];
const t0 = Date.now();
for (let i = 0; i < 105; i++) {
  const commitment = `0x${(i + 1).toString(16).padStart(64, '0')}`;
  sent.push(
    contract
      .getFunction('commit')
      .send(taskId, commitment, { nonce: nonce + i, gasLimit: 200_000n }),
  );
}
const txs = await Promise.all(sent);
console.log('sent', Date.now() - t0);
const rs = await Promise.all(txs.map((tx) => tx.wait()));
console.log('mined', Date.now() - t0, rs.map((r) => r?.status).join(''));
await market.stop();
