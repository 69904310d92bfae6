// Placeholder until the local stack exists (issue: npm start). Says what is there and what is not.
console.log('Theta Edge Marketplace local stack');
console.log('Not yet available: anvil + TaskMarket, the local IPFS gateway, functions, the site.');
console.log("Run 'npx tem --help' for the command line, 'npm test' for the tests.");
