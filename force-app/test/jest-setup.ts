import { registerSa11yMatcher } from '@sa11y/jest';

// Adds expect(element).toBeAccessible() to every component test.
registerSa11yMatcher();
