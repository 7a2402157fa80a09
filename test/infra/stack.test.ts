/**
 * The CDK stack, asserted on its synthesized template. Expectations come from the shared definitions (route table,
 * table design, user pool definition, cdk.json), so a change there that the stack does not follow fails here.
 *
 * One suite, its concerns in stack/: jest gives each test file its own modules, so each file would synthesize the
 * stack again (about 6 s cold), and on a two-core machine jest runs the files one after the other.
 */
import './stack/storage';
import './stack/accounts';
import './stack/api';
import './stack/functions';
import './stack/newsletter';
import './stack/alarms';
import './stack/operations';
import './stack/web';
import './stack/cdk-nag';
import './stack/settings';
