/** The Cognito group whose members may call editor routes. On its own, with no imports, so the portal can use it too. */
export const EDITORS_GROUP = 'editors';
