/**
 * The lines the account functions log as the portal-wide budgets of codes (../limits/rules.ts) are spent. The stack counts
 * them with metric filters on those functions' log groups and raises an alarm on each (infra/account-alarms.ts):
 * the message is what the filters match, so each is written once, here.
 */
export const BUDGET_LOG = {
  /** Warning, once a day, from the wrong code that spends the day's budget: codes are long until the next day. */
  guessBudgetSpent: 'code guess budget spent',
  /** Warning, from every code request refused because everyone's daily budget of code requests is spent. */
  requestBudgetSpent: 'daily code request budget spent',
  /** Information, from every wrong code judged. */
  wrongCode: 'wrong code',
} as const;
