// ESLint flat config for bench/compare.sh: the checks of sessionlint's
// rules as no-restricted-syntax selectors, parsed with
// @typescript-eslint/parser. compare.sh copies this file next to the
// node_modules it installs and runs ESLint with it.
import tsParser from '@typescript-eslint/parser';

const selectors = [
  {
    selector: "CallExpression[callee.property.name='signOut'][callee.object.property.name='auth'] Property[key.name='scope'][value.value='local']",
    message: "auth.signOut with scope 'local' ends this device's session only (localscopelogout)",
  },
  {
    selector: "CallExpression[callee.object.name=/^(localStorage|sessionStorage)$/][callee.property.name='clear']",
    message: 'browser storage of the Supabase session cleared (clientonlylogout)',
  },
  {
    selector: "CallExpression[callee.property.name='removeItem'] > Literal.arguments[value=/sb-|supabase\\.auth|auth-token/]",
    message: 'browser storage of the Supabase session cleared (clientonlylogout)',
  },
  {
    selector: "CallExpression[callee.object.property.name='auth'][callee.property.name='updateUser'], CallExpression[callee.object.property.name='mfa'][callee.property.name=/^(verify|challengeAndVerify)$/]",
    message: 'password, email or MFA change (credentialchange)',
  },
  {
    selector: "CallExpression[callee.object.property.name='auth'][callee.property.name='setSession']",
    message: 'session restored with auth.setSession (manualsetsession)',
  },
  {
    selector: "CallExpression[callee.object.name=/^(localStorage|sessionStorage)$/][callee.property.name='setItem'] MemberExpression[property.name=/^(access_token|refresh_token|session)$/]",
    message: 'session token written to a second storage (duplicatetokenstorage)',
  },
];

export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.next/**', '**/out/**', '**/coverage/**', '**/*.d.ts', '**/*.min.*'],
  },
  {
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    languageOptions: {
      parser: tsParser,
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    rules: { 'no-restricted-syntax': ['warn', ...selectors] },
  },
];
