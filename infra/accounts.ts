import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { AuthFlow, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AccountRecovery, FeaturePlan, Mfa, UserPool } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { userPoolDefinition } from './definitions';

/** Cognito's own limit: a longer maximum in the shared policy would let the API accept passwords Cognito refuses. */
const COGNITO_MAX_PASSWORD_LENGTH = 256;

/** The app client's flows, by the names the shared definition (and Cognito) use. Refresh is always allowed by CDK. */
const AUTH_FLOW_OPTIONS: Record<string, keyof AuthFlow | 'refresh'> = {
  ALLOW_USER_PASSWORD_AUTH: 'userPassword',
  ALLOW_ADMIN_USER_PASSWORD_AUTH: 'adminUserPassword',
  ALLOW_USER_SRP_AUTH: 'userSrp',
  ALLOW_CUSTOM_AUTH: 'custom',
  ALLOW_USER_AUTH: 'user',
  ALLOW_REFRESH_TOKEN_AUTH: 'refresh',
};

/**
 * The user pool. Cognito owns users, passwords, groups, sign-in and tokens; our API owns sign-up and reset codes
 * (30 minutes, where Cognito's cannot be shortened), so Cognito verifies nothing and recovers nothing by itself.
 */
export class Accounts extends Construct {
  readonly userPool: UserPool;
  readonly apiClient: UserPoolClient;
  /** The `iss` claim of the pool's tokens, which the functions check. */
  readonly issuer: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { passwordPolicy } = userPoolDefinition;
    if (passwordPolicy.maxLength > COGNITO_MAX_PASSWORD_LENGTH) {
      throw new Error(`Cognito accepts passwords of at most ${COGNITO_MAX_PASSWORD_LENGTH} characters`);
    }

    this.userPool = new UserPool(this, 'UserPool', {
      signInAliases: { [userPoolDefinition.usernameAttribute]: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      // Our API calls SignUp with the app client, then AdminConfirmSignUp once the user gives our code back.
      selfSignUpEnabled: true,
      autoVerify: { email: false },
      accountRecovery: AccountRecovery.NONE,
      passwordPolicy: {
        minLength: passwordPolicy.minLength,
        requireUppercase: passwordPolicy.requireUppercase,
        requireLowercase: passwordPolicy.requireLowercase,
        requireDigits: passwordPolicy.requireDigits,
        requireSymbols: passwordPolicy.requireSymbols,
      },
      mfa: Mfa.OFF,
      // No managed login, passwordless or token customisation is used: the cheapest plan does all we need.
      featurePlan: FeaturePlan.LITE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'A free press portal: an account only unlocks downloads of press material and the newsletter, and holds no ' +
          'payment or private data beyond an email address and a name; a second factor would be more friction than ' +
          'protection for a journalist who signs up to fetch one clip.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus plan (adaptive authentication, compromised-credential checks) is billed per active user. What it ' +
          'would protect is low-value (see COG2); Cognito still locks out repeated wrong passwords, our codes die ' +
          'after 5 wrong tries and are rate-limited per address, and the API stage is throttled.',
      },
    );

    for (const groupName of userPoolDefinition.groups) {
      this.userPool.addGroup(`${groupName}Group`, { groupName, description: `Members may call the ${groupName} routes.` });
    }

    this.apiClient = this.userPool.addClient('ApiClient', {
      // Only our functions call Cognito, server side, and front-ends never see this client: a secret adds nothing.
      generateSecret: false,
      authFlows: authFlowsOf(userPoolDefinition.authFlows),
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(userPoolDefinition.accessTokenMinutes),
      idTokenValidity: Duration.minutes(userPoolDefinition.idTokenMinutes),
      refreshTokenValidity: Duration.days(userPoolDefinition.refreshTokenDays),
    });

    const stack = Stack.of(this);
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }
}

function authFlowsOf(names: readonly string[]): AuthFlow {
  const flows: Partial<Record<keyof AuthFlow, boolean>> = {};
  for (const name of names) {
    const option = AUTH_FLOW_OPTIONS[name];
    if (!option) throw new Error(`Unknown Cognito auth flow ${name}`);
    if (option !== 'refresh') flows[option] = true;
  }
  return flows;
}
