/** The account emails, as pure functions of what they say: a text part and an HTML part each. */
import type { Email } from '../common/email-content';
import { escapeHtml } from '../common/email-content';
import type { ClientOrigin } from '../common/network';
import { describeBrowser } from '../common/user-agents';
import type { CodePurpose } from './codes/rules';

/** "30 minutes" for the default; tests with short lifetimes read "5 seconds". */
export function describeDuration(seconds: number): string {
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

const PURPOSES: Record<CodePurpose, { subject: string; intro: string; ignore: string }> = {
  signup: {
    subject: 'Confirm your email address',
    intro: 'Enter this code to confirm your email address and finish creating your account:',
    ignore: 'If you did not create an account, ignore this email: without the code, nothing happens.',
  },
  reset: {
    subject: 'Reset your password',
    intro: 'Enter this code to choose a new password:',
    ignore: 'If you did not ask to reset your password, ignore this email: your password stays as it is.',
  },
};

function layout(portalName: string, paragraphs: string[], code?: string): string {
  const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`);
  if (code) body.splice(1, 0, `<p style="font-size:28px;font-weight:bold;letter-spacing:6px">${code}</p>`);
  return `<!doctype html><html><body style="font-family:sans-serif;color:#1a1a1a"><h1 style="font-size:20px">${escapeHtml(portalName)}</h1>${body.join('')}</body></html>`;
}

export function codeEmail(options: { portalName: string; purpose: CodePurpose; code: string; ttlSeconds: number }): Email {
  const { portalName, purpose, code, ttlSeconds } = options;
  const words = PURPOSES[purpose];
  const expiry = `The code expires in ${describeDuration(ttlSeconds)}.`;
  return {
    subject: `${portalName}: ${words.subject}`,
    // The code stands alone on its line, so people and mail clients find it at a glance.
    text: [words.intro, '', code, '', expiry, '', words.ignore].join('\n'),
    html: layout(portalName, [words.intro, expiry, words.ignore], code),
  };
}

/** Sent instead of a code when someone signs up with an address that already has an account. */
export function accountExistsEmail(options: { portalName: string }): Email {
  const { portalName } = options;
  const lines = [
    `Someone tried to create a ${portalName} account with this email address, which already has one. Nothing about your account has changed.`,
    'If it was you, sign in with your password, or reset it if you have forgotten it.',
    'If it was not you, you can ignore this email.',
  ];
  return { subject: `${portalName}: someone tried to sign up with your address`, text: lines.join('\n\n'), html: layout(portalName, lines) };
}

const notYou = (portalName: string) =>
  `If it was not you, reset your password now with "Forgot your password?" on the ${portalName} sign-in page: a reset ends every session. Then check your account's activity.`;

/** After every password reset: the owner learns of a reset they did not make. */
export function passwordChangedEmail(options: { portalName: string; at: Date; origin: ClientOrigin }): Email {
  const { portalName, at, origin } = options;
  const lines = [
    `The password of your ${portalName} account was changed on ${at.toUTCString()}, from ${origin.ip}. Every device signed in to your account was signed out.`,
    'If it was you, there is nothing to do.',
    notYou(portalName),
  ];
  return { subject: `${portalName}: your password was changed`, text: lines.join('\n\n'), html: layout(portalName, lines) };
}

/** A sign-in from a browser the account had not been used from. */
export function newSignInEmail(options: { portalName: string; at: Date; origin: ClientOrigin }): Email {
  const { portalName, at, origin } = options;
  const lines = [
    `Your ${portalName} account was signed in to from a browser it had not been used from before, on ${at.toUTCString()}.`,
    `Browser: ${describeBrowser(origin.userAgent)}. Address: ${origin.ip}.`,
    'If it was you, there is nothing to do.',
    `${notYou(portalName)} You can also end that session from your account page.`,
  ];
  return { subject: `${portalName}: a new sign-in to your account`, text: lines.join('\n\n'), html: layout(portalName, lines) };
}
