/** Entry point of `npm run verify-integration`; see verify/verify-command.ts. */
import { runVerify } from './verify/verify-command';

runVerify(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
);
