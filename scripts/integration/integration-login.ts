/** Entry point of `npm run integration-login`; see login/integration-login-command.ts. */
import { runIntegrationLogin } from './login/integration-login-command';

runIntegrationLogin(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
);
