/** Entry point of `npm run provision`; see provision/provision-command.ts. */
import { runProvision } from './provision/provision-command';

runProvision(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
);
