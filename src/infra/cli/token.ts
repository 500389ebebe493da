import { runTokenCli } from './token-cli';

// `npm run token -- --sub alice --scope "read:users"`: see token-args.ts for the options.
process.exitCode = runTokenCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
