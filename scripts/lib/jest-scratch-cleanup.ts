/**
 * Jest setup for the scripts projects: after each test file, the scratch files
 * of the LoginHistory tables it built and did not dispose are deleted. The
 * module's own exit cleanup never runs under jest (a test file's process object
 * is a copy without the real one's 'exit' listeners), so every run of the pull
 * and merge tests left dozens of folders in the temporary folder.
 */
import { removeScratchFolders } from '../preview/data/disk-login-table';

afterAll(() => removeScratchFolders());
